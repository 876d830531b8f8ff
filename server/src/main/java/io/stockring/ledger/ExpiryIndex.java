package io.stockring.ledger;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The HELD reservations ordered by expiry time: a binary min-heap of (expiresAtMs, id) with lazy
 * deletion, and the set of HELD ids. Heap memory, writer thread only; rebuilt from the ledger at
 * start-up. Ties break on id, so the order (and what one bounded tick expires) is deterministic.
 */
final class ExpiryIndex
{
    private static final long MISSING = Long.MIN_VALUE;

    private final Long2LongHashMap held = new Long2LongHashMap(MISSING);
    private long[] times = new long[1024];
    private long[] ids = new long[1024];
    private int size;

    void add(final long id, final long expiresAtMs)
    {
        held.put(id, expiresAtMs);
        if (size == times.length)
        {
            if (size >= 2 * held.size())
            {
                compact();
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

    /** The reservation left HELD: forget it (its heap entry is dropped when it surfaces). */
    void remove(final long id)
    {
        held.remove(id);
    }

    int heldCount()
    {
        return held.size();
    }

    /** Entries in the heap, stale ones included. */
    int heapSize()
    {
        return size;
    }

    /**
     * @return the id of the HELD reservation expiring first if it expires at or before
     * {@code nowMs}, else 0. Does not remove it; call {@link #remove} when it is expired.
     */
    long peekDue(final long nowMs)
    {
        while (size > 0)
        {
            final long id = ids[0];
            final long t = times[0];
            if (held.get(id) != t)
            {
                pop();
                continue;
            }
            return t <= nowMs ? id : 0;
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
        held.clear();
        size = 0;
    }

    /**
     * Drops the entries of reservations no longer HELD and restores the heap order. Lazy deletion
     * alone would keep every reservation finished before its TTL until that TTL passed (minutes of
     * confirms at peak rate): compacting when half the heap is stale keeps it within twice the
     * HELD count, so the arrays stop growing once the HELD count does.
     */
    private void compact()
    {
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            if (held.get(ids[i]) == times[i])
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
