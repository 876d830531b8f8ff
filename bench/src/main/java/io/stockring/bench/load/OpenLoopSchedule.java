package io.stockring.bench.load;

/**
 * The planned send times of an open-loop run: operation {@code i} is due at
 * {@code startNs + i / rate}, whatever happened to the operations before it.
 *
 * <p>Latency is measured from the planned time, never from the moment the generator got round
 * to sending. A server that stalls for 50 ms at 10,000/s therefore shows ~500 slow operations
 * (everything that was due during the stall waited), not one: this is what keeps coordinated
 * omission from hiding stalls.
 *
 * <pre>
 *   planned:  |----|----|----|----|----|----|      one tick = 1 / rate
 *   stall:         [=========]
 *   latency:       <--------->  <----->  <->       each measured from its own tick
 * </pre>
 */
public final class OpenLoopSchedule
{
    private final long startNs;
    private final double ratePerS;
    private final double intervalNs;

    public OpenLoopSchedule(final long startNs, final double ratePerS)
    {
        if (!(ratePerS > 0))
        {
            throw new IllegalArgumentException("rate must be positive: " + ratePerS);
        }
        this.startNs = startNs;
        this.ratePerS = ratePerS;
        this.intervalNs = 1e9 / ratePerS;
    }

    public long startNs()
    {
        return startNs;
    }

    public double ratePerS()
    {
        return ratePerS;
    }

    /** When operation {@code i} (from 0) is due. */
    public long plannedNs(final long i)
    {
        return startNs + Math.round(i * intervalNs);
    }

    /** How many operations are due at or before {@code nowNs} (operations 0 .. n-1). */
    public long dueBy(final long nowNs)
    {
        if (nowNs < startNs)
        {
            return 0;
        }
        long n = (long)Math.floor((nowNs - startNs) / intervalNs) + 1;
        // Correct for rounding at the boundary so that plannedNs(n - 1) <= nowNs < plannedNs(n).
        while (n > 0 && plannedNs(n - 1) > nowNs)
        {
            n--;
        }
        while (plannedNs(n) <= nowNs)
        {
            n++;
        }
        return n;
    }

    /** How many operations are due in {@code [fromNs, toNs)}. */
    public long dueBetween(final long fromNs, final long toNs)
    {
        return dueBy(toNs - 1) - dueBy(fromNs - 1);
    }

    /** The latency of operation {@code i} that completed at {@code completedNs}: from its planned time. */
    public long latencyNs(final long i, final long completedNs)
    {
        return completedNs - plannedNs(i);
    }
}
