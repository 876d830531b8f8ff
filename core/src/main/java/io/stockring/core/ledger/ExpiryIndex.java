package io.stockring.core.ledger;

import java.util.Arrays;

/**
 * The HELD reservations ordered by expiry time: a binary min-heap of (expiresAtMs, id) with lazy
 * deletion. Whether an entry still stands is asked of the ledger, whose record of the reservation
 * says whether it is HELD and until when; the index keeps no second copy of the HELD set (a hash
 * map of millions of ids at peak, which cost the writer a miss to memory per reserve). Heap
 * memory, writer thread only; rebuilt from the ledger at start-up. Ties break on id, so the order
 * (and what one bounded tick expires) is deterministic.
 */
final class ExpiryIndex
{
    /** The ledger's answer: is reservation {@code id} HELD until {@code expiresAtMs}, as of before command {@code beforeSeq}? */
    @FunctionalInterface
    interface HeldCheck
    {
        boolean isHeld(long id, long expiresAtMs, long beforeSeq);
    }

    private final HeldCheck ledger;
    private long[] times = new long[1024];
    private long[] ids = new long[1024];
    private int size;
    private int heldCount;

    ExpiryIndex(final HeldCheck ledger)
    {
        this.ledger = ledger;
    }

    /** A reservation became HELD by command {@code seq} (or is HELD as of it, at a rebuild). */
    void add(final long id, final long expiresAtMs, final long seq)
    {
        heldCount++;
        if (size == times.length)
        {
            if (size >= 2 * heldCount)
            {
                compact(seq);
            }
            else
            {
                times = Arrays.copyOf(times, size * 2);
                ids = Arrays.copyOf(ids, size * 2);
            }
        }
        int i = size++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!less(expiresAtMs, id, times[parent], ids[parent]))
            {
                break;
            }
            times[i] = times[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        times[i] = expiresAtMs;
        ids[i] = id;
    }

    /** A reservation left HELD; its heap entry is dropped when it surfaces. */
    void left()
    {
        heldCount--;
    }

    int heldCount()
    {
        return heldCount;
    }

    /** Entries in the heap, stale ones included. */
    int heapSize()
    {
        return size;
    }

    /**
     * Takes the HELD reservation expiring first out of the heap if it expires at or before
     * {@code nowMs}, and returns its id; else 0. The caller expires it (and reports {@link #left()}).
     *
     * @param beforeSeq the command asking: HELD means HELD before it
     */
    long pollDue(final long nowMs, final long beforeSeq)
    {
        while (size > 0)
        {
            final long id = ids[0];
            final long t = times[0];
            if (!ledger.isHeld(id, t, beforeSeq))
            {
                pop();
                continue;
            }
            if (t > nowMs)
            {
                return 0;
            }
            pop();
            return id;
        }
        return 0;
    }

    /** The earliest expiry in the heap (maybe of a reservation no longer HELD), or Long.MAX_VALUE. */
    long earliest()
    {
        return size == 0 ? Long.MAX_VALUE : times[0];
    }

    void clear()
    {
        size = 0;
        heldCount = 0;
    }

    /**
     * Drops the entries of reservations no longer HELD and restores the heap order. Lazy deletion
     * alone would keep every reservation finished before its TTL until that TTL passed (minutes of
     * confirms at peak rate): compacting when half the heap is stale keeps it within twice the
     * HELD count, so the arrays stop growing once the HELD count does.
     */
    private void compact(final long beforeSeq)
    {
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            if (ledger.isHeld(ids[i], times[i], beforeSeq))
            {
                times[kept] = times[i];
                ids[kept] = ids[i];
                kept++;
            }
        }
        size = kept;
        for (int i = (size >>> 1) - 1; i >= 0; i--)
        {
            siftDown(i, times[i], ids[i]);
        }
    }

    private void pop()
    {
        final int last = --size;
        siftDown(0, times[last], ids[last]);
    }

    /** Places (t, id) at {@code start} or below it, moving smaller children up. */
    private void siftDown(final int start, final long t, final long id)
    {
        int i = start;
        while (true)
        {
            final int left = 2 * i + 1;
            if (left >= size)
            {
                break;
            }
            final int right = left + 1;
            final int child = right < size && less(times[right], ids[right], times[left], ids[left]) ? right : left;
            if (!less(times[child], ids[child], t, id))
            {
                break;
            }
            times[i] = times[child];
            ids[i] = ids[child];
            i = child;
        }
        times[i] = t;
        ids[i] = id;
    }

    private static boolean less(final long t1, final long id1, final long t2, final long id2)
    {
        return t1 < t2 || (t1 == t2 && id1 < id2);
    }
}
