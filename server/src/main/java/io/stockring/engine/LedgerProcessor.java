package io.stockring.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.stockring.journal.JournalSegments;
import io.stockring.ledger.LedgerVerifier;
import io.stockring.ledger.StockStateMachine;
import io.stockring.recovery.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage and THE single writer of the ledger: applies each journaled command through the
 * {@link StockStateMachine} and runs the control commands (checkpoint, verify) at their place in
 * the sequence, when everything before them is applied and nothing after them is.
 *
 * <p>Look-ahead: while applying one command, the writer touches the memory of the command
 * {@value #LOOK_AHEAD} places later in the same batch (its request record's index entry, its
 * stock entries; {@link StockStateMachine#touch}). Those are misses to memory for hashed keys in
 * tables far larger than the caches; taken early, they overlap with the work in between.
 *
 * <p>A throwable from the state machine is a bug or a corrupt record, never a business outcome:
 * the processor stops applying (fail-stop) and answers {@link ResultCode#INTERNAL_ERROR} from
 * then on; a restart recovers from the journal.
 */
final class LedgerProcessor implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(LedgerProcessor.class);
    private static final int LOOK_AHEAD = 4;

    private final StockStateMachine machine;
    private final SnapshotStore snapshots;
    private final java.nio.file.Path journalDir;
    private volatile boolean halted;
    private volatile long lastCheckpointSeq;
    private volatile long lastCheckpointAtMs;
    private volatile long nextDueMs;
    private long busyNanos;
    private long batches;
    private RingBuffer<CommandSlot> ring;
    /** Commands of the current batch not yet applied, and whether none of it is yet. */
    private long batchRemaining;
    private boolean batchStart;
    /** What the look-ahead read: kept only so that the reads are not optimised away. */
    private long touched;

    LedgerProcessor(final StockStateMachine machine, final SnapshotStore snapshots, final java.nio.file.Path journalDir)
    {
        this.machine = machine;
        this.nextDueMs = machine.nextDueMs();
        this.snapshots = snapshots;
        this.journalDir = journalDir;
    }

    /** The ring this processor reads, for the look-ahead (set once, before the first event). */
    void ring(final RingBuffer<CommandSlot> ring)
    {
        this.ring = ring;
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        batchRemaining = batchSize;
        batchStart = true;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        final long start = System.nanoTime();
        final long remaining = --batchRemaining;
        if (ring != null && !halted)
        {
            lookAhead(sequence, remaining);
        }
        // A slot with a result was answered by the journaler (its record could not be written).
        if (slot.result == null)
        {
            apply(slot);
        }
        if (endOfBatch)
        {
            batches++;
            nextDueMs = machine.nextDueMs();
        }
        busyNanos += System.nanoTime() - start;
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
                    "applied; restart to recover from the journal", slot.seq, slot.type, slot.requestId, t.toString(), t);
            }
        }
        else
        {
            control(slot);
        }
    }

    /** Touches the command {@value #LOOK_AHEAD} places on (at a batch's start, each of the first ones). */
    private void lookAhead(final long sequence, final long remaining)
    {
        if (batchStart)
        {
            batchStart = false;
            for (long k = 1, n = Math.min(LOOK_AHEAD, remaining); k <= n; k++)
            {
                touch(sequence + k);
            }
        }
        else if (remaining >= LOOK_AHEAD)
        {
            touch(sequence + LOOK_AHEAD);
        }
    }

    private void touch(final long sequence)
    {
        final CommandSlot next = ring.get(sequence);
        if (next.result == null && next.type.isJournaled())
        {
            touched += machine.touch(next);
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
            snapshots.take(machine.ledger().dir(), io.stockring.ledger.Ledger.FILES, seq);
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
        return busyNanos;
    }

    long batches()
    {
        return batches;
    }
}
