package io.stockring.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.ResultCode;
import io.stockring.core.concurrent.SingleWriterCounters;
import io.stockring.core.journal.JournalWriter;
import io.stockring.core.ledger.StockStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The engine's one stage and THE single writer of the ledger. For each batch the ring hands it:
 * <ol>
 *   <li>stamps each journaled command with its sequence and appends it to the journal;</li>
 *   <li>at the end of the batch writes it out, and fsyncs in SYNC mode (the group commit);</li>
 *   <li>then, command by command, applies it through the {@link StockStateMachine} and calls its
 *       callback, which completes the gRPC call, the stream item or the future.</li>
 * </ol>
 * Nothing is applied, and nothing answered, before its record is durable. A unary call crosses
 * two threads (its gRPC thread publishes, this one answers) where a journaler, a writer and a
 * replier stage made four; on two cores each crossing is a wake-up that costs more than the work
 * it hands over (docs/decisions/0017-one-writer-stage.md).
 *
 * <p>An I/O failure of the journal fails every command of the batch with
 * {@link ResultCode#JOURNAL_FAILED} and every later one (fail-stop): their outcome is unknown to
 * their callers, who retry with the same request id once the server is back. A throwable from
 * the state machine is a bug or a corrupt record, never a business outcome: the writer stops
 * applying and answers {@link ResultCode#INTERNAL_ERROR} from then on; a restart recovers from
 * the journal.
 *
 * <h2>The writer's contract</h2>
 * Everything this stage runs for a command (the state machine, the ledger's records, the
 * listeners it calls, the callback) runs on the one writer thread, so every nanosecond here is a
 * nanosecond of every later caller's latency. On that path:
 * <ul>
 *   <li><b>nothing allocates</b> in the state machine: records are flyweights over the mapped
 *       ledger, scratch arrays are preallocated, events go out as longs into preallocated rings
 *       ({@code core.concurrent.EventRing}: {@code StockEventHub}, {@code PlannerEventFeed});
 *       a callback allocates only its reply;</li>
 *   <li><b>nothing locks or waits</b> for another thread: no {@code synchronized}, no blocking
 *       queue; a full event ring drops the event and counts it; a callback that must coordinate
 *       with other threads does so without waiting ({@code ReserveStreamHandler}'s drain);</li>
 *   <li><b>no I/O but the journal, and nothing that grows with the ledger</b>: each command
 *       touches a bounded part of the mapped ledger (expiry and purges take at most a configured
 *       count per tick); whole-ledger work (snapshots, verify) runs on the snapshot replica
 *       ({@link Snapshotter}, docs/decisions/0015-snapshots-from-a-replica.md);</li>
 *   <li><b>what other threads read is published with ordered writes</b>
 *       ({@code core.concurrent.SingleWriterCounters}, release stores of the applied sequence):
 *       readers never see a torn value, the writer never pays for a fence.</li>
 * </ul>
 * A listener or callback that breaks this contract stalls every channel at once; review one as
 * hot-path code.
 */
final class WriterStage implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(WriterStage.class);
    private static final int BUSY_NANOS = 0;
    private static final int BATCHES = 1;

    private final JournalWriter journal;
    private final StockStateMachine machine;
    private final SingleWriterCounters counters = new SingleWriterCounters(2);
    private RingBuffer<CommandSlot> ring;
    private volatile StageObserver stageObserver;
    private volatile boolean journalFailed;
    private volatile boolean halted;
    private volatile long nextDueMs;
    private long batchStart = -1;
    private long batchStartNanos;

    WriterStage(final JournalWriter journal, final StockStateMachine machine)
    {
        this.journal = journal;
        this.machine = machine;
        this.nextDueMs = machine.nextDueMs();
    }

    void ring(final RingBuffer<CommandSlot> ring)
    {
        this.ring = ring;
    }

    void stageObserver(final StageObserver observer)
    {
        this.stageObserver = observer;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        batchStartNanos = System.nanoTime();
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        if (!journalFailed && slot.type.isJournaled())
        {
            try
            {
                journal.append(slot);
            }
            catch (final IOException | RuntimeException e)
            {
                failJournal(e, sequence);
            }
        }
        if (endOfBatch)
        {
            if (!journalFailed)
            {
                try
                {
                    journal.endOfBatch();
                }
                catch (final IOException | RuntimeException e)
                {
                    failJournal(e, sequence);
                }
            }
            finishBatch(batchStart, sequence);
            batchStart = -1;
        }
    }

    /** Applies and answers the batch, now durable, in order. */
    private void finishBatch(final long first, final long last)
    {
        // The clock is read per batch, and per command only for the sampled ones: two reads per
        // command were a few percent of the writer's time.
        final long durableNanos = System.nanoTime();
        final StageObserver observer = stageObserver;
        final boolean failed = journalFailed;
        for (long s = first; s <= last; s++)
        {
            final CommandSlot slot = ring.get(s);
            final long published = observer == null ? 0 : slot.publishedNanos;
            final long applyStart = published == 0 ? 0 : System.nanoTime();
            if (failed)
            {
                slot.result = ResultCode.JOURNAL_FAILED;
            }
            else
            {
                apply(slot);
            }
            final long applied = published == 0 ? 0 : System.nanoTime();
            reply(slot);
            if (published != 0)
            {
                observer.sampled(batchStartNanos - published, durableNanos - batchStartNanos, applied - applyStart,
                    System.nanoTime() - applied);
            }
        }
        counters.increment(BATCHES);
        nextDueMs = machine.nextDueMs();
        counters.add(BUSY_NANOS, System.nanoTime() - batchStartNanos);
    }

    private void apply(final CommandSlot slot)
    {
        if (halted)
        {
            slot.result = ResultCode.INTERNAL_ERROR;
        }
        else if (slot.type.isJournaled())
        {
            try
            {
                machine.apply(slot);
            }
            catch (final Throwable t)
            {
                halted = true;
                slot.result = ResultCode.INTERNAL_ERROR;
                LOG.error("event=writer_halted seq={} type={} requestId={} error=\"{}\": no further command is " +
                    "applied; restart to recover from the journal", slot.seq, slot.type, slot.requestId(), t.toString(), t);
            }
        }
        else if (slot.type == CommandType.BARRIER)
        {
            slot.result = ResultCode.OK;
            slot.resultValue = machine.appliedSeq();
        }
        else
        {
            slot.result = ResultCode.INTERNAL_ERROR;
        }
    }

    private static void reply(final CommandSlot slot)
    {
        final CommandCallback callback = slot.callback;
        if (callback != null)
        {
            try
            {
                callback.onComplete(slot);
            }
            catch (final Throwable t)
            {
                LOG.error("event=callback_failed seq={} requestId={} error=\"{}\"", slot.seq, slot.requestId(),
                    t.toString(), t);
            }
        }
        // Drop every per-request object: a slot is reused only a whole ring later (65,536 commands,
        // seconds at peak), so anything it still holds survives young collections and is copied
        // by each of them; that copying was most of the server's GC pauses and its p99.
        slot.callback = null;
        slot.attachment = null;
        slot.reason = null;
        slot.code = null;
        slot.name = null;
        slot.category = null;
    }

    private void failJournal(final Exception e, final long sequence)
    {
        LOG.error("event=journal_failed batchStart={} sequence={} error=\"{}\": failing this batch and every later " +
            "command; restart to recover", batchStart, sequence, e.toString(), e);
        journalFailed = true;
    }

    boolean journalFailed()
    {
        return journalFailed;
    }

    boolean isHalted()
    {
        return halted;
    }

    /** When the next expiry tick has work, as of the last batch (read by the timer thread). */
    long nextDueMs()
    {
        return nextDueMs;
    }

    long busyNanos()
    {
        return counters.get(BUSY_NANOS);
    }

    long batches()
    {
        return counters.get(BATCHES);
    }

    @Override
    public void onShutdown()
    {
        try
        {
            journal.close();
        }
        catch (final IOException e)
        {
            LOG.error("event=journal_close_failed error=\"{}\"", e.toString(), e);
        }
    }
}
