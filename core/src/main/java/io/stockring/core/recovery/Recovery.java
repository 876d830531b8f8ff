package io.stockring.core.recovery;

import io.stockring.core.journal.JournalCorruptException;
import io.stockring.core.journal.JournalReader;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.StockEventListener;
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
     * Replaces the files of {@code ledgerDir} with the newest snapshot that restores cleanly (an
     * older one if the newest is damaged; the journal is kept from the oldest retained snapshot on).
     *
     * @return the snapshot's sequence, or 0 when there is none (replay from the journal's start)
     */
    static long restoreNewestGoodSnapshot(final SnapshotStore snapshots, final Path ledgerDir) throws IOException
    {
        final java.util.List<SnapshotStore.Snapshot> all = snapshots.list();
        for (int i = all.size() - 1; i >= 0; i--)
        {
            SnapshotStore.deleteTree(ledgerDir);
            try
            {
                snapshots.restore(all.get(i), ledgerDir, Ledger.FILES);
                return all.get(i).seq();
            }
            catch (final IOException e)
            {
                LOG.error("event=snapshot_unusable dir={} error=\"{}\"", all.get(i).dir(), e.getMessage());
            }
        }
        SnapshotStore.deleteTree(ledgerDir);
        return 0;
    }

    /** How the last run of a directory ended, from its {@code node.meta}. */
    static Mode modeOf(final Path metaDir, final String bootId) throws IOException
    {
        final NodeMeta meta = NodeMeta.read(metaDir);
        if (meta == null)
        {
            return Mode.NEW;
        }
        if (meta.state() == NodeMeta.State.STOPPED)
        {
            return Mode.CLEAN;
        }
        return meta.bootId().equals(bootId) ? Mode.PROCESS_CRASH : Mode.MACHINE_CRASH;
    }

    /** A ledger opened as its last run left it, indexes rebuilt, not yet replayed. */
    /** The opened ledger, and how long restoring a snapshot, opening the files and rebuilding the indexes took. */
    record Opened(Ledger ledger, StockStateMachine machine, long snapshotSeq, long restoreMs, long openMs, long indexMs)
    {
    }

    /**
     * Opens the ledger in {@code ledgerDir} for the recovery path {@code mode}: a machine crash
     * first restores the newest snapshot. {@code metaDir} is marked RUNNING under this boot before
     * the ledger is touched, so that a death from here on is recovered as a process crash (locks
     * may be held); a restore marks it only once the restored files are complete.
     */
    static Opened openLedger(final Mode mode, final Path metaDir, final Path ledgerDir, final StoreConfig config,
        final StockEventListener events) throws IOException
    {
        long snapshotSeq = 0;
        final long start = System.nanoTime();
        if (mode == Mode.MACHINE_CRASH)
        {
            snapshotSeq = restoreNewestGoodSnapshot(new SnapshotStore(config.snapshotDir(), config.snapshotsRetained()),
                ledgerDir);
        }
        new NodeMeta(NodeMeta.State.RUNNING, config.bootId().get()).write(metaDir);
        final long restored = System.nanoTime();
        final Ledger ledger = Ledger.open(ledgerDir, config.capacity(),
            mode == Mode.PROCESS_CRASH || mode == Mode.MACHINE_CRASH);
        try
        {
            final StockStateMachine machine = new StockStateMachine(ledger, events, config.requestRetentionMs(),
                config.reservationRetentionMs(), config.purgeLimitPerTick());
            final long opened = System.nanoTime();
            machine.rebuildIndexes();
            return new Opened(ledger, machine, snapshotSeq, millisBetween(start, restored), millisBetween(restored, opened),
                millisBetween(opened, System.nanoTime()));
        }
        catch (final RuntimeException e)
        {
            ledger.close();
            throw e;
        }
    }

    public static Result recover(final StoreConfig config) throws IOException
    {
        final long start = System.nanoTime();
        final Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        final Mode mode = modeOf(dataDir, config.bootId().get());
        // The writer's tail hint is only as good as the page cache it was written to: not after a reboot.
        final JournalReader.Tail tail = JournalReader.repairTail(config.journalDir(),
            mode == Mode.CLEAN || mode == Mode.PROCESS_CRASH);
        if (tail.cutBytes() > 0)
        {
            LOG.warn("event=journal_tail_cut at={} bytes={} lastSeq={}", tail.cutAt(), tail.cutBytes(), tail.lastSeq());
        }
        final long tailChecked = System.nanoTime();
        final Opened opened = openLedger(mode, dataDir, config.ledgerDir(), config, config.events());
        final Ledger ledger = opened.ledger();
        final long snapshotSeq = opened.snapshotSeq();
        try
        {
            final StockStateMachine machine = opened.machine();
            final long applied = machine.appliedSeq();
            if (applied > tail.lastSeq())
            {
                throw new JournalCorruptException("the ledger has applied seq " + applied + " but the journal ends at " +
                    tail.lastSeq() + ": acknowledged journal records are missing; refusing to start. " +
                    "See ops/RUNBOOK.md, 'Corrupt journal'.");
            }
            final long replayStart = System.nanoTime();
            // Nothing to replay (the ledger is as far as the journal): skip reading the segment through.
            final long replayed = applied == tail.lastSeq() ? 0 : JournalReader.replay(config.journalDir(), applied, slot ->
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
                "durationMs={} journalTailMs={} restoreMs={} openMs={} indexMs={} replayMs={}", mode, snapshotSeq, applied,
                replayed, tail.lastSeq(), report.durationMs(), millisBetween(start, tailChecked), opened.restoreMs(),
                opened.openMs(), opened.indexMs(), millisBetween(replayStart, System.nanoTime()));
            return new Result(ledger, machine, tail, report);
        }
        catch (final IOException | RuntimeException e)
        {
            ledger.close();
            throw e;
        }
    }

    private static long millisBetween(final long fromNanos, final long toNanos)
    {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
