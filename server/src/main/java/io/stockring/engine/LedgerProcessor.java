package io.stockring.engine;

import com.lmax.disruptor.EventHandler;
import io.stockring.core.command.ResultCode;
import io.stockring.core.concurrent.SingleWriterCounters;
import io.stockring.core.journal.JournalSegments;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.ledger.StockStateMachine;
import io.stockring.core.recovery.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage and THE single writer of the ledger: applies each journaled command through the
 * {@link StockStateMachine} and runs the control commands (checkpoint, verify) at their place in
 * the sequence, when everything before them is applied and nothing after them is.
 *
 * <p>A throwable from the state machine is a bug or a corrupt record, never a business outcome:
 * the processor stops applying (fail-stop) and answers {@link ResultCode#INTERNAL_ERROR} from
 * then on; a restart recovers from the journal.
 *
 * <h2>The writer's contract</h2>
 * Everything this stage runs for a command (the state machine, the ledger's records, the
 * listeners it calls) runs on the one writer thread, between one command's journal write and the
 * next command, so every nanosecond here is a nanosecond of every later caller's latency. On that
 * path:
 * <ul>
 *   <li><b>nothing allocates</b>: records are flyweights over the mapped ledger, scratch arrays
 *       are preallocated, events go out as longs into preallocated rings
 *       ({@code core.concurrent.EventRing}: {@code StockEventHub}, {@code PlannerEventFeed});</li>
 *   <li><b>nothing locks or waits</b> for another thread: no {@code synchronized}, no blocking
 *       queue, no CAS loop; a full event ring drops the event and counts it;</li>
 *   <li><b>no I/O the stage does not own</b>: the journal is the Journaler's; the writer touches
 *       only the memory-mapped ledger. The control commands are the exception, by design and at
 *       their place in the sequence: {@code CHECKPOINT} copies the ledger, {@code VERIFY} scans it
 *       (docs/architecture.md, "Durability and recovery");</li>
 *   <li><b>what other threads read is published with ordered writes</b>
 *       ({@code core.concurrent.SingleWriterCounters}, release stores of the applied sequence):
 *       readers never see a torn value, the writer never pays for a fence.</li>
 * </ul>
 * A listener that breaks this contract stalls every channel at once; review one as hot-path code.
 */
final class LedgerProcessor implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(LedgerProcessor.class);

    private final StockStateMachine machine;
    private final SnapshotStore snapshots;
    private final java.nio.file.Path journalDir;
    private volatile boolean halted;
    private volatile long lastCheckpointSeq;
    private volatile long lastCheckpointAtMs;
    private volatile long nextDueMs;
    private static final int BUSY_NANOS = 0;
    private static final int BATCHES = 1;
    private final SingleWriterCounters counters = new SingleWriterCounters(2);
    private long batchStartNanos;

    LedgerProcessor(final StockStateMachine machine, final SnapshotStore snapshots, final java.nio.file.Path journalDir)
    {
        this.machine = machine;
        this.nextDueMs = machine.nextDueMs();
        this.snapshots = snapshots;
        this.journalDir = journalDir;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        batchStartNanos = System.nanoTime();
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        // The clock is read per batch, and per command only for the sampled ones (StageObserver):
        // two reads per command were a few percent of the writer's time.
        final boolean sampled = slot.publishedNanos != 0;
        final long start = sampled ? System.nanoTime() : 0;
        // A slot with a result was answered by the journaler (its record could not be written).
        if (slot.result == null)
        {
            apply(slot);
        }
        if (sampled)
        {
            slot.applyStartNanos = start;
            slot.appliedNanos = System.nanoTime();
        }
        if (endOfBatch)
        {
            counters.increment(BATCHES);
            nextDueMs = machine.nextDueMs();
            counters.add(BUSY_NANOS, System.nanoTime() - batchStartNanos);
        }
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
        else
        {
            control(slot);
        }
    }

    private void control(final CommandSlot slot)
    {
        switch (slot.type)
        {
            case CHECKPOINT:
                checkpoint(slot);
                break;
            case VERIFY:
                slot.attachment = LedgerVerifier.verify(machine.ledger());
                slot.result = ResultCode.OK;
                break;
            default:
                slot.result = ResultCode.INTERNAL_ERROR;
        }
    }

    /**
     * Copies the ledger while the writer waits here, at a batch boundary: the copy is exactly the
     * state after {@code appliedSeq}. Then the journal before the oldest retained snapshot goes.
     */
    private void checkpoint(final CommandSlot slot)
    {
        final long seq = machine.appliedSeq();
        try
        {
            final long start = System.nanoTime();
            machine.ledger().force();
            snapshots.take(machine.ledger().dir(), io.stockring.core.ledger.Ledger.FILES, seq);
            final SnapshotStore.Snapshot oldest = snapshots.oldest();
            final int deleted = oldest == null ? 0 : JournalSegments.deleteBefore(journalDir, oldest.seq() + 1);
            lastCheckpointSeq = seq;
            lastCheckpointAtMs = System.currentTimeMillis();
            slot.result = ResultCode.OK;
            slot.resultValue = seq;
            LOG.info("event=checkpoint seq={} durationMs={} journalSegmentsDeleted={}", seq,
                (System.nanoTime() - start) / 1_000_000, deleted);
        }
        catch (final Exception e)
        {
            slot.result = ResultCode.JOURNAL_FAILED;
            LOG.error("event=checkpoint_failed seq={} error=\"{}\"", seq, e.toString(), e);
        }
    }

    boolean isHalted()
    {
        return halted;
    }

    long lastCheckpointSeq()
    {
        return lastCheckpointSeq;
    }

    long lastCheckpointAtMs()
    {
        return lastCheckpointAtMs;
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
}
