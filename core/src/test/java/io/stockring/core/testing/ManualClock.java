package io.stockring.core.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A clock tests move by hand, so expiry is deterministic. */
public final class ManualClock implements LongSupplier
{
    private final AtomicLong nowMs;

    public ManualClock(final long startMs)
    {
        nowMs = new AtomicLong(startMs);
    }

    @Override
    public long getAsLong()
    {
        return nowMs.get();
    }

    public void advance(final long ms)
    {
        nowMs.addAndGet(ms);
    }

    public void set(final long ms)
    {
        nowMs.set(ms);
    }
}
