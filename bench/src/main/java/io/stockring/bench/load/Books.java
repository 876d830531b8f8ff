package io.stockring.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the generator saw acknowledged, per SKU, to check the server's books against after a run.
 *
 * <p>An answer is either definitive (OK, or a refusal such as INSUFFICIENT_STOCK: nothing
 * changed) or unknown (a deadline, a lost connection: it may or may not have been applied). The
 * check allows exactly the unknown quantities of slack and nothing more, so a lost acknowledged
 * reservation and a doubled one are both caught:
 *
 * <pre>
 *   base.reserved + held - unknownDown  <=  reserved  <=  base.reserved + held + unknownUp
 *   base.onHand - confirmed - movedOut - unknownConfirm - unknownMoved
 *                                          <=  onHand  <=  base.onHand - confirmed - movedOut
 *   reserved <= onHand                                                  (no oversell)
 * </pre>
 *
 * Holds that were left to expire are not in {@code held}: the check runs after they expired.
 * Written by the threads that complete calls; read once everything has been answered.
 */
final class Books
{
    private final AtomicLongArray held;
    private final AtomicLongArray confirmed;
    private final AtomicLongArray unknownUp;
    private final AtomicLongArray unknownDown;
    private final AtomicLongArray unknownConfirm;
    private final AtomicLongArray movedOut;
    private final AtomicLongArray unknownMoved;
    private final long[] baseOnHand;
    private final long[] baseReserved;

    Books(final int skus)
    {
        held = new AtomicLongArray(skus);
        confirmed = new AtomicLongArray(skus);
        unknownUp = new AtomicLongArray(skus);
        unknownDown = new AtomicLongArray(skus);
        unknownConfirm = new AtomicLongArray(skus);
        movedOut = new AtomicLongArray(skus);
        unknownMoved = new AtomicLongArray(skus);
        baseOnHand = new long[skus];
        baseReserved = new long[skus];
    }

    int skus()
    {
        return baseOnHand.length;
    }

    void base(final int sku, final long onHand, final long reserved)
    {
        baseOnHand[sku] = onHand;
        baseReserved[sku] = reserved;
    }

    void reserved(final Carts.Cart cart, final boolean expiring)
    {
        if (!expiring)
        {
            add(held, cart, 1);
        }
    }

    void reserveUnknown(final Carts.Cart cart, final boolean expiring)
    {
        if (!expiring)
        {
            add(unknownUp, cart, 1);
        }
    }

    void confirmed(final Carts.Cart cart)
    {
        add(held, cart, -1);
        add(confirmed, cart, 1);
    }

    void released(final Carts.Cart cart)
    {
        add(held, cart, -1);
    }

    void finishUnknown(final Carts.Cart cart, final boolean confirm)
    {
        add(unknownDown, cart, 1);
        if (confirm)
        {
            add(unknownConfirm, cart, 1);
        }
    }

    void moved(final Carts.Cart cart)
    {
        add(movedOut, cart, 1);
    }

    void moveUnknown(final Carts.Cart cart)
    {
        add(unknownMoved, cart, 1);
    }

    private static void add(final AtomicLongArray a, final Carts.Cart cart, final long sign)
    {
        for (int i = 0; i < cart.skus().length; i++)
        {
            a.addAndGet(cart.skus()[i], sign * cart.quantities()[i]);
        }
    }

    /** The outcome of comparing the server's levels with these books. */
    record Check(int skusChecked, long acknowledgedHeld, long acknowledgedConfirmed, long unknown, int mismatches,
        List<String> examples)
    {
        boolean balanced()
        {
            return mismatches == 0;
        }
    }

    /** Compares with the server's levels after the run ({@code onHand[i]}, {@code reserved[i]}). */
    Check check(final long[] onHand, final long[] reserved)
    {
        int mismatches = 0;
        long totalHeld = 0;
        long totalConfirmed = 0;
        long totalUnknown = 0;
        final List<String> examples = new ArrayList<>();
        for (int i = 0; i < baseOnHand.length; i++)
        {
            totalHeld += held.get(i);
            totalConfirmed += confirmed.get(i);
            totalUnknown += unknownUp.get(i) + unknownDown.get(i) + unknownMoved.get(i);
            final long minReserved = baseReserved[i] + held.get(i) - unknownDown.get(i);
            final long maxReserved = baseReserved[i] + held.get(i) + unknownUp.get(i);
            final long maxOnHand = baseOnHand[i] - confirmed.get(i) - movedOut.get(i);
            final long minOnHand = maxOnHand - unknownConfirm.get(i) - unknownMoved.get(i);
            String problem = null;
            if (reserved[i] < minReserved || reserved[i] > maxReserved)
            {
                problem = "reserved " + reserved[i] + " not in [" + minReserved + ", " + maxReserved + "]";
            }
            else if (onHand[i] < minOnHand || onHand[i] > maxOnHand)
            {
                problem = "on hand " + onHand[i] + " not in [" + minOnHand + ", " + maxOnHand + "]";
            }
            else if (reserved[i] > onHand[i])
            {
                problem = "oversold: reserved " + reserved[i] + " > on hand " + onHand[i];
            }
            if (problem != null)
            {
                mismatches++;
                if (examples.size() < 5)
                {
                    examples.add("sku #" + i + ": " + problem);
                }
            }
        }
        return new Check(baseOnHand.length, totalHeld, totalConfirmed, totalUnknown, mismatches, examples);
    }
}
