package io.stockring.ledger;

import java.util.Arrays;

/**
 * Records in the order they became eligible for retention (creation of a request record, or a
 * reservation leaving HELD), with the time that starts their retention window. Heap memory,
 * writer thread only; rebuilt at start-up in sequence order, which is the order they were added.
 * Keys are either strings (request ids) or longs (reservation ids).
 */
final class RetentionQueue
{
    private String[] keys = new String[1024];
    private long[] ids = new long[1024];
    private long[] times = new long[1024];
    private int head;
    private int size;

    void add(final String key, final long id, final long atMs)
    {
        if (size == times.length)
        {
            grow();
        }
        final int i = (head + size) & (times.length - 1);
        keys[i] = key;
        ids[i] = id;
        times[i] = atMs;
        size++;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    int size()
    {
        return size;
    }

    long headTime()
    {
        return times[head];
    }

    String headKey()
    {
        return keys[head];
    }

    long headId()
    {
        return ids[head];
    }

    void pop()
    {
        keys[head] = null;
        head = (head + 1) & (times.length - 1);
        size--;
    }

    void clear()
    {
        Arrays.fill(keys, null);
        head = 0;
        size = 0;
    }

    private void grow()
    {
        final int n = times.length;
        final String[] k = new String[n * 2];
        final long[] d = new long[n * 2];
        final long[] t = new long[n * 2];
        for (int i = 0; i < size; i++)
        {
            final int from = (head + i) & (n - 1);
            k[i] = keys[from];
            d[i] = ids[from];
            t[i] = times[from];
        }
        keys = k;
        ids = d;
        times = t;
        head = 0;
    }
}
