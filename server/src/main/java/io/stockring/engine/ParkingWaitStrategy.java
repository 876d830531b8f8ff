package io.stockring.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spin, then yield, then park until woken: the stages cost nothing while the ring is quiet and
 * wake within a futex wake-up when work arrives.
 *
 * <p>Why not Disruptor's own strategies. {@code SleepingWaitStrategy} parks for a fixed ~60 us and
 * looks again: three idle stages then wake 50,000 times a second, a fifth of a two-core machine
 * taken from the gRPC threads. The blocking strategies wake only the first stage on a publish;
 * the later ones spin on the stage before them. Here every stage is woken by the stage it waits
 * for.
 *
 * <p>Who wakes whom. A producer's publish calls {@link #signalAllWhenBlocking()} (the ring does).
 * A stage has no hook after it advances its sequence, but it calls {@link #waitFor} right after
 * (Disruptor's batch loop: process, set the sequence, wait for more), so {@code waitFor} first
 * wakes any parked stage: the one behind it re-checks and goes on. The others re-check and park
 * again; with three stages that costs a few wake-ups per batch, against ~17,000 timed wake-ups a
 * second per idle stage before.
 *
 * <p>No lost wake-up: a waiter announces itself (volatile write), then re-reads the sequence it
 * waits for before parking; a signaller's sequence store is followed by a full fence before it
 * reads the announcements. One of the two always sees the other. The park is also bounded
 * ({@value #PARK_MILLIS} ms), so a wake-up missed for any other reason costs at most that.
 */
public final class ParkingWaitStrategy implements WaitStrategy
{
    private static final int SPIN_TRIES = 100;
    /**
     * Few: on two busy cores each yield is a context switch. A hundred (SleepingWaitStrategy's
     * number) cost the gRPC server a fifth of its unary Reserve rate; none made the engine
     * benchmark's producer pay an unpark for most publishes (a stage caught up and parked within
     * a microsecond). Ten measured as fast as SLEEPING in both (bench/RESULTS.md, session 5).
     */
    private static final int YIELD_TRIES = 10;
    private static final long PARK_MILLIS = 1;
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(PARK_MILLIS);

    /** One per stage thread that has waited: three for the engine's ring. */
    private static final class Waiter
    {
        private static final VarHandle PARKED;

        static
        {
            try
            {
                PARKED = MethodHandles.lookup().findVarHandle(Waiter.class, "parked", boolean.class);
            }
            catch (final ReflectiveOperationException e)
            {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Thread thread = Thread.currentThread();
        volatile boolean parked;

        /** True for exactly one caller per park: only that one pays for the unpark. */
        boolean claimWakeUp()
        {
            return parked && PARKED.compareAndSet(this, true, false);
        }
    }

    /** Replaced whole when a stage first waits, so a signal reads it without a lock or an iterator. */
    private volatile Waiter[] waiters = new Waiter[0];
    private final ThreadLocal<Waiter> self = ThreadLocal.withInitial(this::register);

    private synchronized Waiter register()
    {
        final Waiter w = new Waiter();
        final Waiter[] more = Arrays.copyOf(waiters, waiters.length + 1);
        more[more.length - 1] = w;
        waiters = more;
        return w;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException
    {
        // The calling stage has just published its own progress: wake whoever waits for it.
        signalAllWhenBlocking();
        long available;
        int counter = SPIN_TRIES + YIELD_TRIES;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (counter > YIELD_TRIES)
            {
                counter--;
                Thread.onSpinWait();
            }
            else if (counter > 0)
            {
                counter--;
                Thread.yield();
            }
            else
            {
                park(sequence, dependentSequence, barrier);
            }
        }
        return available;
    }

    private void park(final long sequence, final Sequence dependentSequence, final SequenceBarrier barrier)
    {
        final Waiter w = self.get();
        w.parked = true;
        if (dependentSequence.get() < sequence && !barrier.isAlerted())
        {
            LockSupport.parkNanos(this, PARK_NANOS);
        }
        w.parked = false;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        VarHandle.fullFence();
        for (final Waiter w : waiters)
        {
            if (w.claimWakeUp())
            {
                LockSupport.unpark(w.thread);
            }
        }
    }
}
