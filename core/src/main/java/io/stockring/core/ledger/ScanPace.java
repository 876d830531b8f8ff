package io.stockring.core.ledger;

import java.util.concurrent.locks.LockSupport;

/**
 * How a scan from a thread that nobody waits on shares the machine: it rests for
 * {@code restNanos} after every {@code sliceEntries} entries, so that it never holds a core for
 * longer than one slice. On two cores a scan of 100,000 entries at full speed took the core the
 * serving stages needed for a few milliseconds every 15 seconds, and every call in flight waited.
 *
 * @param sliceEntries entries read between two rests (a power of two)
 * @param restNanos    how long to rest (0: never)
 */
public record ScanPace(int sliceEntries, long restNanos)
{
    /** About a tenth of a millisecond of reading, then half a millisecond of rest. */
    public static final ScanPace BACKGROUND = new ScanPace(1024, 500_000);
    /** No rests: benchmarks, tools, tests. */
    public static final ScanPace FULL_SPEED = new ScanPace(1 << 30, 0);

    public ScanPace
    {
        if (sliceEntries < 1 || Integer.bitCount(sliceEntries) != 1 || restNanos < 0)
        {
            throw new IllegalArgumentException("sliceEntries must be a power of two and restNanos >= 0: " +
                sliceEntries + ", " + restNanos);
        }
    }

    /** Rests if {@code visited} entries complete a slice. */
    void afterEntry(final int visited)
    {
        if (restNanos > 0 && (visited & (sliceEntries - 1)) == 0)
        {
            LockSupport.parkNanos(restNanos);
        }
    }
}
