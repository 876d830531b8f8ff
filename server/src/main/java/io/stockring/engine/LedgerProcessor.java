package io.stockring.engine;

import com.lmax.disruptor.EventHandler;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.ResultCode;
import io.stockring.core.concurrent.SingleWriterCounters;
import io.stockring.core.ledger.StockStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second stage and THE single writer of the ledger: applies each journaled command through the
 * {@link StockStateMachine}, and answers a {@link CommandType#BARRIER} once everything before it
 * is applied. Snapshots and verify scans are not its work: the {@link Snapshotter} takes them
 * from a replica of the ledger (docs/decisions/0015-snapshots-from-a-replica.md).
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
 *   <li><b>no I/O and nothing that grows with the ledger</b>: the journal is the Journaler's; the
 *       writer touches only the memory-mapped ledger, and each command touches a bounded part of
 *       it (expiry and purges take at most a configured count per tick); whole-ledger work
 *       (snapshots, verify) runs on the snapshot replica;</li>
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
    private volatile boolean halted;
    private volatile long nextDueMs;
    private static final int BUSY_NANOS = 0;
    private static final int BATCHES = 1;
    private final SingleWriterCounters counters = new SingleWriterCounters(2);
    private long batchStartNanos;

    LedgerProcessor(final StockStateMachine machine)
    {
        this.machine = machine;
        this.nextDueMs = machine.nextDueMs();
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
        if (slot.type == CommandType.BARRIER)
        {
            slot.result = ResultCode.OK;
            slot.resultValue = machine.appliedSeq();
        }
        else
        {
            slot.result = ResultCode.INTERNAL_ERROR;
        }
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
}
