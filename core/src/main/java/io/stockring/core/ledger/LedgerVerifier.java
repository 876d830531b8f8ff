package io.stockring.core.ledger;

import io.stockring.core.command.ReservationState;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Scans the whole ledger and reports every broken invariant (docs/architecture.md, "Invariants"):
 *
 * <ol>
 *   <li>0 &lt;= reserved &lt;= onHand, inTransit &gt;= 0, thresholds &gt;= 0 for every entry;</li>
 *   <li>every entry and every reservation line names a sku and a location of the catalog;</li>
 *   <li>reserved of an entry = sum of its HELD reservation lines;</li>
 *   <li>sum of (onHand + inTransit) = received - shipped + adjusted (transfers conserve it);</li>
 *   <li>every reservation is well formed (lines, quantities, expiry after creation).</li>
 * </ol>
 *
 * Run on the writer thread (a VERIFY command) or on a ledger no writer is using.
 */
public final class LedgerVerifier
{
    private static final int MAX_REPORTED = 100;

    /** What a scan found; {@link #isClean()} when nothing is broken. */
    public record Report(long stockEntries, long reservations, long heldReservations, long totalOnHand,
        long totalInTransit, long totalReserved, List<String> problems)
    {
        public boolean isClean()
        {
            return problems.isEmpty();
        }

        @Override
        public String toString()
        {
            return "verify: " + stockEntries + " stock entries, " + reservations + " reservations (" + heldReservations +
                " held), onHand=" + totalOnHand + " inTransit=" + totalInTransit + " reserved=" + totalReserved +
                (problems.isEmpty() ? ": clean" : ": " + problems.size() + " problem(s): " + problems);
        }
    }

    private LedgerVerifier()
    {
    }

    public static Report verify(final Ledger ledger)
    {
        final Catalog catalog = ledger.catalog();
        final List<String> problems = new ArrayList<>();
        final Long2LongHashMap heldByKey = new Long2LongHashMap(0);
        final long[] counts = new long[2];

        ledger.forEachReservation(Long.MAX_VALUE, r ->
        {
            counts[0]++;
            if (r.lineCount < 1)
            {
                report(problems, "reservation " + r.id + " has no lines");
            }
            if (r.expiresAtMs < r.createdAtMs)
            {
                report(problems, "reservation " + r.id + " expires before it was created");
            }
            for (int i = 0; i < r.lineCount; i++)
            {
                final long key = r.lineKeys[i];
                if (r.lineQuantities[i] <= 0)
                {
                    report(problems, "reservation " + r.id + " line " + i + " has quantity " + r.lineQuantities[i]);
                }
                if (catalog.item(StockKeys.skuId(key)) == null || catalog.location(StockKeys.locationId(key)) == null)
                {
                    report(problems, "reservation " + r.id + " line " + i + " names an unknown sku/location " +
                        describe(catalog, key));
                }
                if (r.state == ReservationState.HELD)
                {
                    heldByKey.put(key, heldByKey.get(key) + r.lineQuantities[i]);
                }
            }
            if (r.state == ReservationState.HELD)
            {
                counts[1]++;
            }
        });

        final long[] totals = new long[3];
        final long[] entries = new long[1];
        ledger.forEachStock(Long.MAX_VALUE, e ->
        {
            entries[0]++;
            final String where = describe(catalog, e.key());
            if (e.onHand < 0 || e.reserved < 0 || e.inTransit < 0)
            {
                report(problems, where + " has a negative quantity: onHand=" + e.onHand + " reserved=" + e.reserved +
                    " inTransit=" + e.inTransit);
            }
            if (e.reserved > e.onHand)
            {
                report(problems, where + " is oversold: reserved " + e.reserved + " > onHand " + e.onHand);
            }
            if (e.safetyStock < 0 || e.reorderPoint < 0)
            {
                report(problems, where + " has a negative threshold");
            }
            if (catalog.item(e.skuId()) == null || catalog.location(e.locationId()) == null)
            {
                report(problems, where + " names an unknown sku or location");
            }
            final long held = heldByKey.remove(e.key());
            if (held != e.reserved)
            {
                report(problems, where + " has reserved " + e.reserved + " but its HELD reservations hold " + held);
            }
            totals[0] += e.onHand;
            totals[1] += e.inTransit;
            totals[2] += e.reserved;
        });
        heldByKey.forEach((key, held) ->
            report(problems, "HELD reservations hold " + held + " of " + describe(catalog, key) +
                " which has no stock entry"));

        final LedgerProgress p = ledger.progress();
        final long expected = p.totalReceived - p.totalShipped + p.totalAdjusted;
        if (totals[0] + totals[1] != expected)
        {
            report(problems, "stock is not conserved: onHand + inTransit = " + (totals[0] + totals[1]) +
                " but received - shipped + adjusted = " + expected);
        }
        return new Report(entries[0], counts[0], counts[1], totals[0], totals[1], totals[2], List.copyOf(problems));
    }

    private static void report(final List<String> problems, final String problem)
    {
        if (problems.size() < MAX_REPORTED)
        {
            problems.add(problem);
        }
        else if (problems.size() == MAX_REPORTED)
        {
            problems.add("... more problems not listed");
        }
    }

    private static String describe(final Catalog catalog, final long key)
    {
        final Catalog.Item item = catalog.item(StockKeys.skuId(key));
        final Catalog.Location location = catalog.location(StockKeys.locationId(key));
        return "(" + (item == null ? "sku#" + StockKeys.skuId(key) : item.code()) + ", " +
            (location == null ? "location#" + StockKeys.locationId(key) : location.code()) + ")";
    }
}
