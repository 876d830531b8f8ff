package io.stockring.core.concurrent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters with one writing thread and any number of reading threads (metrics, health checks).
 * The writer publishes each new value with a release store, which on x86 is an ordinary store:
 * no lock, no atomic read-modify-write, no fence on the hot path. A reader loads with acquire, so
 * it sees a value the writer stored, never a torn one, and never one the JIT kept in a register
 * forever, which a plain {@code long} field read from another thread allows.
 *
 * <p>Only the owning thread may call the mutators; that is what makes them cheap.
 */
public final class SingleWriterCounters
{
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values;

    public SingleWriterCounters(final int size)
    {
        values = new long[size];
    }

    /** Writer only. */
    public void increment(final int index)
    {
        LONGS.setRelease(values, index, values[index] + 1);
    }

    /** Writer only. */
    public void add(final int index, final long delta)
    {
        LONGS.setRelease(values, index, values[index] + delta);
    }

    /** Writer only. */
    public void set(final int index, final long value)
    {
        LONGS.setRelease(values, index, value);
    }

    /** Any thread. */
    public long get(final int index)
    {
        return (long)LONGS.getAcquire(values, index);
    }

    public int size()
    {
        return values.length;
    }
}
