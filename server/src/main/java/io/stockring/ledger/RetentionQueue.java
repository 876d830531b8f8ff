package io.stockring.ledger;

/**
 * Records in the order they became eligible for retention (creation of a request record, or a
 * reservation leaving HELD), with the time that starts their retention window. A record is named
 * by one or two longs (a reservation id; a request key's two halves). Heap memory, writer thread
 * only; rebuilt at start-up in sequence order, which is the order they were added.
 */
final class RetentionQueue
{
    private long[] first = new long[1024];
    private long[] second = new long[1024];
    private long[] times = new long[1024];
    private int head;
    private int size;

    void add(final long a, final long b, final long atMs)
    {
        if (size == times.length)
        {
            grow();
        }
        final int i = (head + size) & (times.length - 1);
        first[i] = a;
        second[i] = b;
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

    /** The first long of the record {@code offset} places behind the head ({@code offset < size()}). */
    long first(final int offset)
    {
        return first[(head + offset) & (times.length - 1)];
    }

    /** The second long of the record {@code offset} places behind the head ({@code offset < size()}). */
    long second(final int offset)
    {
        return second[(head + offset) & (times.length - 1)];
    }

    long headTime()
    {
        return times[head];
    }

    long headFirst()
    {
        return first[head];
    }

    long headSecond()
    {
        return second[head];
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
        final long[] b = new long[n * 2];
        final long[] t = new long[n * 2];
        for (int i = 0; i < size; i++)
        {
            final int from = (head + i) & (n - 1);
            a[i] = first[from];
            b[i] = second[from];
            t[i] = times[from];
        }
        first = a;
        second = b;
        times = t;
        head = 0;
    }
}
