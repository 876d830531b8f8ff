package io.stockring.server.security;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A per-channel rate limit as a token bucket, kept lock-free in one {@link AtomicLong}: the
 * generic cell rate algorithm (GCRA) stores only the "theoretical arrival time" of the next
 * request. Taking {@code n} permits moves it {@code n} intervals ahead of max(now, it); a take
 * that would move it more than the burst ahead of now is refused and changes nothing.
 *
 * <p>Each channel has its own bucket, so a flooding channel contends only with itself (one CAS
 * per call on its own cache line), never with another channel.
 */
public final class TokenBucket
{
    private final AtomicLong theoreticalArrivalNs;
    private final long intervalNs;
    private final long burstNs;
    private final LongSupplier nanoClock;

    /**
     * @param ratePerSecond permits per second (at least 1)
     * @param burst permits that may be taken at once after an idle period (at least 1)
     */
    public TokenBucket(final long ratePerSecond, final long burst, final LongSupplier nanoClock)
    {
        if (ratePerSecond < 1 || burst < 1)
        {
            throw new IllegalArgumentException("rate and burst must be at least 1");
        }
        this.intervalNs = Math.max(1, 1_000_000_000L / ratePerSecond);
        this.burstNs = intervalNs * burst;
        this.nanoClock = nanoClock;
        this.theoreticalArrivalNs = new AtomicLong(nanoClock.getAsLong() - burstNs);
    }

    public TokenBucket(final long ratePerSecond, final long burst)
    {
        this(ratePerSecond, burst, System::nanoTime);
    }

    /** Takes {@code permits} if the bucket holds them; false (and nothing taken) otherwise. */
    public boolean tryTake(final int permits)
    {
        final long cost = intervalNs * permits;
        while (true)
        {
            final long now = nanoClock.getAsLong();
            final long tat = theoreticalArrivalNs.get();
            final long next = Math.max(tat, now) + cost;
            if (next - now > burstNs)
            {
                return false;
            }
            if (theoreticalArrivalNs.compareAndSet(tat, next))
            {
                return true;
            }
        }
    }
}
