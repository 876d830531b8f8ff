package io.stockring.core.ledger;

/**
 * Finished reservations in the order they left HELD, with the time that starts their retention
 * window. Heap memory, writer thread only; rebuilt at start-up in the order of the commands that
 * finished them, which is the order they were added. (Request records need no such queue: they
 * lie in the ledger in the order they were made, see {@link Ledger#oldestRequestAtMs()}.)
 */
final class RetentionQueue
{
    private long[] ids = new long[1024];
    private long[] times = new long[1024];
    private int head;
    private int size;

    void add(final long id, final long atMs)
    {
        if (size == times.length)
        {
            grow();
        }
        final int i = (head + size) & (times.length - 1);
        ids[i] = id;
        times[i] = atMs;
        size++;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    long headTime()
    {
        return times[head];
    }

    long headId()
    {
        return ids[head];
    }

    void pop()
    {
        head = (head + 1) & (times.length - 1);
        size--;
    }

    void clear()
    {
        head = 0;
        size = 0;
    }

    private void grow()
    {
        final int n = times.length;
        final long[] a = new long[n * 2];
        final long[] t = new long[n * 2];
        for (int i = 0; i < size; i++)
        {
            final int from = (head + i) & (n - 1);
            a[i] = ids[from];
            t[i] = times[from];
        }
        ids = a;
        times = t;
        head = 0;
    }
}
