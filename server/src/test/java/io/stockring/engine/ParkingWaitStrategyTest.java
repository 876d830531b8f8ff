package io.stockring.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stages wait with {@link ParkingWaitStrategy}: a parked stage must go on when the ring
 * publishes, when the stage before it advances, and when the ring is halted. Parks here last a
 * minute (the engine's, a millisecond), so only the wake-up under test can end one within the
 * ten seconds each waits.
 */
class ParkingWaitStrategyTest
{
    private final ParkingWaitStrategy strategy = new ParkingWaitStrategy(TimeUnit.MINUTES.toNanos(1));
    private final RingBuffer<long[]> ring = RingBuffer.createMultiProducer(() -> new long[1], 64, strategy);

    @Test
    void shouldWakeAParkedFirstStageWhenAProducerPublishes() throws Exception
    {
        final SequenceBarrier barrier = ring.newBarrier();
        final Waiting waited = waitInThread(barrier, 0);
        awaitParked(waited);
        ring.publish(ring.next());
        assertEquals(0L, waited.get());
    }

    @Test
    void shouldWakeAParkedLaterStageWhenTheStageBeforeItAdvances() throws Exception
    {
        final Sequence journaler = new Sequence();
        final SequenceBarrier afterJournaler = ring.newBarrier(journaler);
        ring.publish(ring.next());
        final Waiting waited = waitInThread(afterJournaler, 0);
        awaitParked(waited);
        // What a stage's batch loop does: set its sequence, then ask for the next batch.
        journaler.set(0);
        final Waiting journalerWaits = waitInThread(ring.newBarrier(), 1);
        assertEquals(0L, waited.get());
        ring.publish(ring.next());
        assertEquals(1L, journalerWaits.get());
    }

    @Test
    void shouldNapWhileAClaimedSlotIsUnpublishedAndGoOnOnceItIs() throws Exception
    {
        // The cursor is past the slot at the claim; the barrier finds it unpublished, the stage asks again.
        final long claimed = ring.next();
        final Waiting waited = waitInThread(ring.newBarrier(), claimed);
        // Spinning on the repeats, it would never be seen sleeping.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waited.thread().getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.TIMED_WAITING, waited.thread().getState(), "the repeats back off into naps");
        ring.publish(claimed);
        assertEquals(claimed, waited.get());
    }

    @Test
    void shouldReleaseAParkedStageWithAnAlertWhenTheRingHalts() throws Exception
    {
        final SequenceBarrier barrier = ring.newBarrier();
        final Waiting waited = waitInThread(barrier, 0);
        awaitParked(waited);
        barrier.alert();
        assertInstanceOf(AlertException.class, waited.get());
    }

    /**
     * A thread in {@code waitFor}, asking again while it gets less than it asked for (as a stage's
     * batch loop does: a multi-producer ring may show a claimed sequence before it is published);
     * {@code result} is the sequence it got or the exception it threw.
     */
    private record Waiting(Thread thread, CompletableFuture<Object> result)
    {
        Object get() throws Exception
        {
            return result.get(10, TimeUnit.SECONDS);
        }
    }

    private static Waiting waitInThread(final SequenceBarrier barrier, final long sequence)
    {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final Thread t = new Thread(() ->
        {
            try
            {
                long available;
                do
                {
                    available = barrier.waitFor(sequence);
                }
                while (available < sequence);
                result.complete(available);
            }
            catch (final Exception e)
            {
                result.complete(e);
            }
        }, "waiter");
        t.setDaemon(true);
        t.start();
        return new Waiting(t, result);
    }

    /** Until the waiter has spun, yielded, napped and parked (bounded: a stuck test fails, it does not hang). */
    private static void awaitParked(final Waiting w) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (w.thread().getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        // Its naps (about a millisecond in all) look the same from outside; be past them.
        Thread.sleep(50);
        assertTrue(!w.result().isDone() && w.thread().getState() == Thread.State.TIMED_WAITING,
            "the waiter should be parked");
    }
}
