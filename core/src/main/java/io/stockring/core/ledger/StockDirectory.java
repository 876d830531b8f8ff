package io.stockring.core.ledger;

/**
 * Where every stock entry's value lives, in the order the entries were made: what lets any thread
 * visit all entries without Chronicle's entry iteration, which holds each segment's lock while it
 * visits the segment (a writer inserting a new entry would wait for a metrics or planner scan).
 * Entries are never removed and never move, so an address stays valid while the ledger is open.
 *
 * <p>One appender (the thread that opens the ledger, then the writer); any number of readers. A
 * reader sees a prefix of the pairs: {@link Table#size} is written after the pair it counts, and
 * a grown table is published whole, with its size, before anything is appended to it.
 */
final class StockDirectory
{
    /** Visits one entry. */
    @FunctionalInterface
    interface Visitor
    {
        void visit(long key, long address);
    }

    private static final int INITIAL_LENGTH = 1024;

    private static final class Table
    {
        final long[] keys;
        final long[] addresses;
        volatile int size;

        Table(final int length)
        {
            keys = new long[length];
            addresses = new long[length];
        }
    }

    private volatile Table table = new Table(INITIAL_LENGTH);

    /** Appender only: records a new entry. */
    void add(final long key, final long address)
    {
        Table t = table;
        final int n = t.size;
        if (n == t.keys.length)
        {
            if (n == Integer.MAX_VALUE - 8)
            {
                throw new IllegalStateException("the stock directory is full at " + n + " entries");
            }
            final Table grown = new Table((int)Math.min(Integer.MAX_VALUE - 8, 2L * n));
            System.arraycopy(t.keys, 0, grown.keys, 0, n);
            System.arraycopy(t.addresses, 0, grown.addresses, 0, n);
            grown.size = n;
            table = grown;
            t = grown;
        }
        t.keys[n] = key;
        t.addresses[n] = address;
        t.size = n + 1;
    }

    int size()
    {
        return table.size;
    }

    /** Any thread: every entry recorded before the call, in the order they were made, at {@code pace}. */
    void forEach(final Visitor visitor, final ScanPace pace)
    {
        final Table t = table;
        for (int i = 0, n = t.size; i < n; i++)
        {
            visitor.visit(t.keys[i], t.addresses[i]);
            pace.afterEntry(i + 1);
        }
    }
}
