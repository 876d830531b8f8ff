package io.stockring.core.recovery;

import io.stockring.core.journal.JournalCorruptException;
import io.stockring.core.journal.JournalReader;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.StockStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Brings the ledger to the journal's last record before the ring starts. Which path depends on
 * how the last run ended (see {@link NodeMeta}):
 *
 * <pre>
 *   new data dir     empty ledger, replay whatever journal there is
 *   clean stop       open the ledger as it is (nothing to replay unless the journal ran ahead)
 *   process death    recoverPersistedTo (clears dead locks), then redo the half-applied command
 *                    and replay the rest; per-record versions make the redo exact
 *   machine death    the mapped files are not trusted: restore the newest snapshot, replay from it
 * </pre>
 *
 * In every path a torn journal tail is cut first, and the ledger must not be ahead of the
 * journal (that would mean acknowledged records were lost): start-up refuses if it is.
 */
public final class Recovery
{
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** Which recovery path ran. */
    public enum Mode
    {
        NEW,
        CLEAN,
        PROCESS_CRASH,
        MACHINE_CRASH
    }

    /** What recovery did, for the log and for metrics. */
    public record Report(Mode mode, long snapshotSeq, long appliedSeqAtOpen, long replayed, long journalLastSeq,
        long cutBytes, long durationMs)
    {
    }

    /** The recovered ledger, its state machine (indexes rebuilt) and the journal's tail (where appending goes on). */
    public record Result(Ledger ledger, StockStateMachine machine, JournalReader.Tail journalTail, Report report)
    {
    }

    private Recovery()
    {
    }

    /**
     * Replaces the ledger files with the newest snapshot that restores cleanly (an older one if
     * the newest is damaged; the journal is kept from the oldest retained snapshot on).
     *
     * @return the snapshot's sequence, or 0 when there is none (replay from the journal's start)
     */
    private static long restoreNewestGoodSnapshot(final StoreConfig config) throws IOException
    {
        final SnapshotStore snapshots = new SnapshotStore(config.snapshotDir(), config.snapshotsRetained());
        final java.util.List<SnapshotStore.Snapshot> all = snapshots.list();
        for (int i = all.size() - 1; i >= 0; i--)
        {
            SnapshotStore.deleteTree(config.ledgerDir());
            try
            {
                snapshots.restore(all.get(i), config.ledgerDir(), Ledger.FILES);
                return all.get(i).seq();
            }
            catch (final IOException e)
            {
                LOG.error("event=snapshot_unusable dir={} error=\"{}\"", all.get(i).dir(), e.getMessage());
            }
        }
        SnapshotStore.deleteTree(config.ledgerDir());
        return 0;
    }

    public static Result recover(final StoreConfig config) throws IOException
    {
        final long start = System.nanoTime();
        final Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        final NodeMeta meta = NodeMeta.read(dataDir);
        final String bootId = config.bootId().get();
        final JournalReader.Tail tail = JournalReader.repairTail(config.journalDir());
        if (tail.cutBytes() > 0)
        {
            LOG.warn("event=journal_tail_cut at={} bytes={} lastSeq={}", tail.cutAt(), tail.cutBytes(), tail.lastSeq());
        }

        final Mode mode;
        if (meta == null)
        {
            mode = Mode.NEW;
        }
        else if (meta.state() == NodeMeta.State.STOPPED)
        {
            mode = Mode.CLEAN;
        }
        else if (meta.bootId().equals(bootId))
        {
            mode = Mode.PROCESS_CRASH;
        }
        else
        {
            mode = Mode.MACHINE_CRASH;
        }

        // From here on a death of this process must be recovered as a process crash (locks may be
        // held): mark the directory RUNNING under this boot before touching the ledger. A machine
        // crash restore marks it only once the restored files are complete.
        long snapshotSeq = 0;
        if (mode == Mode.MACHINE_CRASH)
        {
            snapshotSeq = restoreNewestGoodSnapshot(config);
        }
        new NodeMeta(NodeMeta.State.RUNNING, bootId).write(dataDir);
        final Ledger ledger = Ledger.open(config.ledgerDir(), config.capacity(),
            mode == Mode.PROCESS_CRASH || mode == Mode.MACHINE_CRASH);
        try
        {
            final StockStateMachine machine = new StockStateMachine(ledger, config.events(),
                config.requestRetentionMs(), config.reservationRetentionMs(), config.purgeLimitPerTick());
            machine.rebuildIndexes();
            final long applied = machine.appliedSeq();
            if (applied > tail.lastSeq())
            {
                throw new JournalCorruptException("the ledger has applied seq " + applied + " but the journal ends at " +
                    tail.lastSeq() + ": acknowledged journal records are missing; refusing to start. " +
                    "See ops/RUNBOOK.md, 'Corrupt journal'.");
            }
            final long replayed = JournalReader.replay(config.journalDir(), applied, slot ->
            {
                if (slot.seq != machine.appliedSeq() + 1)
                {
                    throw new JournalCorruptException("journal replay expected seq " + (machine.appliedSeq() + 1) +
                        " but read " + slot.seq);
                }
                machine.apply(slot);
            });
            final Report report = new Report(mode, snapshotSeq, applied, replayed, tail.lastSeq(), tail.cutBytes(),
                (System.nanoTime() - start) / 1_000_000);
            LOG.info("event=recovered mode={} snapshotSeq={} appliedSeqAtOpen={} replayed={} journalLastSeq={} " +
                "durationMs={}", mode, snapshotSeq, applied, replayed, tail.lastSeq(), report.durationMs());
            return new Result(ledger, machine, tail, report);
        }
        catch (final IOException | RuntimeException e)
        {
            ledger.close();
            throw e;
        }
    }
}
