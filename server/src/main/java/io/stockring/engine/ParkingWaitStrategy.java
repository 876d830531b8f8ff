package io.stockring.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Spin, yield, nap, then park until woken: the stages cost nothing while the ring is quiet,
 * batch like SleepingWaitStrategy under load, and a stage goes on as soon as the stage before it
 * hands it a batch. The engine now has one stage (the writer, decision 0017), so only the
 * producers' side of this applies to it; the strategy still serves any chain of stages (its
 * test runs two), and what follows was measured with three.
 *
 * <p>Why not Disruptor's own strategies. {@code SleepingWaitStrategy} parks for a fixed ~60 us and
 * looks again, forever: three idle stages then wake 50,000 times a second, a fifth of a two-core
 * machine taken from the gRPC threads. The blocking strategies wake only the first stage on a
 * publish; the later ones spin on the stage before them.
 *
 * <p>Who wakes whom.
 * <ul>
 *   <li>A stage has no hook after it advances its sequence, but Disruptor's batch loop calls
 *   {@link #waitFor} right after, so {@code waitFor} first wakes every stage that naps or parks:
 *   the one behind goes on at once, the others look and sleep again. Once per batch.</li>
 *   <li>A producer's publish (the ring calls {@link #signalAllWhenBlocking()}) wakes only stages
 *   that are parked, idle for a millisecond or more. A napping journaler is left to wake by
 *   itself: work piles up for one nap and is taken as one batch, where being woken at every
 *   publish made it run in tiny batches and cost the engine benchmark 10-25 %.</li>
 * </ul>
 *
 * <p>A slot claimed but not yet published. On a ring with several producers the cursor moves at
 * the claim, so the first stage may be told a sequence is there while the barrier then finds its
 * slot unpublished and the stage asks again. Disruptor's own strategies answer such a repeat at
 * once, which made the journaler spin at full speed (and, here, wake the other stages at every
 * turn) whenever a producer lost its core between claim and publish: on two shared cores the
 * engine benchmark then ran slower in async mode than in sync, where the fsync kept the journaler
 * behind. A repeat now backs off like an empty ring: spin, yield, then naps.
 *
 * <p>No lost wake-up: a waiter announces itself (volatile write), then re-reads the sequence it
 * waits for before sleeping; a signaller's sequence store is followed by a full fence before it
 * reads the announcements. One of the two always sees the other. A park is also bounded
 * ({@value #PARK_MILLIS} ms), so a wake-up missed for any other reason costs at most that.
 */
public final class ParkingWaitStrategy implements WaitStrategy
{
    private static final int SPIN_TRIES = 100;
    /**
     * Few: on two busy cores each yield is a context switch; a hundred (SleepingWaitStrategy's
     * number) cost the gRPC server a fifth of its unary Reserve rate.
     */
    private static final int YIELD_TRIES = 10;
    /** Then naps of a 100 ns park (about 50 us on Linux): twenty, about a millisecond, before a stage counts as idle. */
    private static final int NAPS = 20;
    private static final long NAP_NANOS = 100;
    private static final long PARK_MILLIS = 1;

    private static final int RUNNING = 0;
    private static final int NAPPING = 1;
    private static final int PARKED = 2;

    /** One per stage thread that has waited: three for the engine's ring. */
    private static final class Waiter
    {
        final Thread thread = Thread.currentThread();
        final AtomicInteger state = new AtomicInteger(RUNNING);
        /** What the last call asked for and got, and how often in a row it was asked again: this thread's only. */
        long lastAsked = -1;
        long lastAvailable = -1;
        int reasks;

        /** Wakes the waiter if it sleeps at least as deeply as {@code lightest}; one caller per sleep pays the unpark. */
        void wake(final int lightest)
        {
            final int s = state.get();
            if (s >= lightest && state.compareAndSet(s, RUNNING))
            {
                LockSupport.unpark(thread);
            }
        }
    }

    private final long parkNanos;
    /** Replaced whole when a stage first waits, so a signal reads it without a lock or an iterator. */
    private volatile Waiter[] waiters = new Waiter[0];
    private final ThreadLocal<Waiter> self = ThreadLocal.withInitial(this::register);

    public ParkingWaitStrategy()
    {
        this(TimeUnit.MILLISECONDS.toNanos(PARK_MILLIS));
    }

    /** @param parkNanos the bound of a park (tests make it long, so that only a wake-up can end it) */
    ParkingWaitStrategy(final long parkNanos)
    {
        this.parkNanos = parkNanos;
    }

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
        final Waiter w = self.get();
        if (sequence == w.lastAsked && w.lastAvailable >= sequence)
        {
            // Asked again for a sequence already reached: its slot is claimed but not yet published
            // (the barrier found it so). The producer is between claim and publish, perhaps taken
            // off its core; back off as for an empty ring, or this stage spins at full speed, and
            // wakes the other stages at each turn, until the producer gets a core back.
            backOff(w);
        }
        else
        {
            w.reasks = 0;
            // The calling stage has just published its own progress: wake whoever waits for it.
            wake(NAPPING);
        }
        final long available = await(sequence, dependentSequence, barrier);
        w.lastAsked = sequence;
        w.lastAvailable = available;
        return available;
    }

    private void backOff(final Waiter w)
    {
        final int reasks = w.reasks++;
        if (reasks < SPIN_TRIES)
        {
            Thread.onSpinWait();
        }
        else if (reasks < SPIN_TRIES + YIELD_TRIES)
        {
            Thread.yield();
        }
        else
        {
            // The publish this waits for does not move the cursor: a nap, never a park.
            w.state.set(NAPPING);
            LockSupport.parkNanos(this, NAP_NANOS);
            w.state.set(RUNNING);
        }
    }

    private long await(final long sequence, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException
    {
        long available;
        int counter = SPIN_TRIES + YIELD_TRIES + NAPS;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (counter > YIELD_TRIES + NAPS)
            {
                Thread.onSpinWait();
            }
            else if (counter > NAPS)
            {
                Thread.yield();
            }
            else
            {
                sleep(counter > 0 ? NAPPING : PARKED, sequence, dependentSequence, barrier);
            }
            counter = Math.max(0, counter - 1);
        }
        return available;
    }

    private void sleep(final int depth, final long sequence, final Sequence dependentSequence,
        final SequenceBarrier barrier)
    {
        final Waiter w = self.get();
        w.state.set(depth);
        if (dependentSequence.get() < sequence && !barrier.isAlerted())
        {
            LockSupport.parkNanos(this, depth == NAPPING ? NAP_NANOS : parkNanos);
        }
        w.state.set(RUNNING);
    }

    /** Called by the ring on every publish and on a halt: wakes the stages parked as idle. */
    @Override
    public void signalAllWhenBlocking()
    {
        wake(PARKED);
    }

    private void wake(final int lightest)
    {
        VarHandle.fullFence();
        for (final Waiter w : waiters)
        {
            w.wake(lightest);
        }
    }
}
