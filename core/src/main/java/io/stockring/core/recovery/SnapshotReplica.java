package io.stockring.core.recovery;

import io.stockring.core.journal.JournalCorruptException;
import io.stockring.core.journal.JournalSegments;
import io.stockring.core.journal.JournalTailer;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.ledger.StockEventListener;
import io.stockring.core.ledger.StockStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second copy of the ledger, kept by replaying the journal behind the writer, from which
 * snapshots are taken and invariants verified while the writer goes on
 * (docs/decisions/0015-snapshots-from-a-replica.md).
 *
 * <pre>
 *   dataDir/replica/node.meta   how the replica's last run ended ({@link NodeMeta})
 *   dataDir/replica/ledger/     the same files as dataDir/ledger/
 * </pre>
 *
 * It applies exactly the records the writer applied, in order, with the same state machine and
 * settings and no listeners. Between two records its ledger is therefore the writer's ledger at
 * that sequence, and a copy taken while its owner does not apply is the consistent state after
 * it: the snapshot a checkpoint on the writer used to take, without the writer waiting for it.
 *
 * <p>Opening it follows the same recovery paths as the writer's ledger ({@link Recovery}); a
 * replica the journal no longer reaches (new, or left behind its pruned journal) starts from the
 * newest snapshot. Owned by one thread.
 */
public final class SnapshotReplica implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReplica.class);
    public static final String DIR = "replica";

    private final StoreConfig config;
    private final Path home;
    private final SnapshotStore snapshots;
    private final Ledger ledger;
    private final StockStateMachine machine;
    private final JournalTailer tailer;
    private final Recovery.Mode mode;
    private boolean closed;
    private boolean failed;

    private SnapshotReplica(final StoreConfig config, final Path home, final SnapshotStore snapshots,
        final Recovery.Mode mode, final Recovery.Opened opened)
    {
        this.config = config;
        this.home = home;
        this.snapshots = snapshots;
        this.mode = mode;
        this.ledger = opened.ledger();
        this.machine = opened.machine();
        this.tailer = new JournalTailer(config.journalDir(), machine.appliedSeq());
    }

    /**
     * Opens the replica of the data directory in {@code config}, after the writer's own recovery.
     *
     * @param writerAppliedSeq    where the writer's recovered ledger is: the replica is never ahead of it
     * @param writeBytesPerSecond the pace of a snapshot's writes (0: unpaced), see {@link SnapshotStore}
     */
    public static SnapshotReplica open(final StoreConfig config, final long writerAppliedSeq,
        final long writeBytesPerSecond) throws IOException
    {
        final long start = System.nanoTime();
        final Path home = config.dataDir().resolve(DIR);
        Files.createDirectories(home);
        final SnapshotStore snapshots = new SnapshotStore(config.snapshotDir(), config.snapshotsRetained(),
            writeBytesPerSecond);
        Recovery.Mode mode = Recovery.modeOf(home, config.bootId().get());
        if (mode == Recovery.Mode.NEW && snapshots.latest() != null)
        {
            mode = Recovery.Mode.MACHINE_CRASH; // start from the newest snapshot, not the journal's first record
        }
        Recovery.Opened opened = Recovery.openLedger(mode, home, ledgerDir(home), config, StockEventListener.NONE);
        final long applied = opened.machine().appliedSeq();
        final long journalFirst = JournalSegments.firstSeq(config.journalDir());
        if (mode != Recovery.Mode.MACHINE_CRASH && (applied > writerAppliedSeq || applied + 1 < journalFirst))
        {
            LOG.warn("event=replica_rebuild appliedSeq={} writerAppliedSeq={} journalFirstSeq={}: starting the " +
                "replica again from the newest snapshot", applied, writerAppliedSeq, journalFirst);
            opened.ledger().close();
            mode = Recovery.Mode.MACHINE_CRASH;
            opened = Recovery.openLedger(mode, home, ledgerDir(home), config, StockEventListener.NONE);
        }
        final long at = opened.machine().appliedSeq();
        if (at > writerAppliedSeq || at + 1 < journalFirst)
        {
            opened.ledger().close();
            throw new JournalCorruptException("the snapshot replica is at seq " + at + " but the writer is at " +
                writerAppliedSeq + " and the journal starts at " + journalFirst + ": no snapshot and journal " +
                "rebuild it. See ops/RUNBOOK.md, 'Corrupt journal'.");
        }
        LOG.info("event=replica_opened mode={} appliedSeq={} durationMs={}", mode, at,
            (System.nanoTime() - start) / 1_000_000);
        return new SnapshotReplica(config, home, snapshots, mode, opened);
    }

    private static Path ledgerDir(final Path home)
    {
        return home.resolve("ledger");
    }

    /** The recovery path the replica's open took. */
    public Recovery.Mode mode()
    {
        return mode;
    }

    /** The sequence of the last record applied to the replica. */
    public long appliedSeq()
    {
        return machine.appliedSeq();
    }

    /**
     * Applies the journal's records after {@link #appliedSeq()} up to {@code limitSeq} (the
     * writer's applied sequence), at most {@code max} of them.
     *
     * @return how many were applied
     */
    public int catchUp(final long limitSeq, final int max) throws IOException
    {
        try
        {
            return tailer.poll(limitSeq, max, machine::apply);
        }
        catch (final IOException | RuntimeException | Error e)
        {
            failed = true; // not a state to stop cleanly in: the next start rebuilds the replica
            throw e;
        }
    }

    /**
     * Writes the replica's state as the snapshot of {@link #appliedSeq()}, then deletes the
     * journal before the oldest retained snapshot. The caller applies nothing meanwhile.
     */
    public SnapshotStore.Snapshot snapshot() throws IOException
    {
        final long seq = machine.appliedSeq();
        ledger.force();
        final SnapshotStore.Snapshot taken = snapshots.take(ledger.dir(), Ledger.FILES, seq);
        final SnapshotStore.Snapshot oldest = snapshots.oldest();
        if (oldest != null)
        {
            JournalSegments.deleteBefore(config.journalDir(), oldest.seq() + 1);
        }
        return taken;
    }

    /** Checks the ledger's invariants on the replica's state after {@link #appliedSeq()}. */
    public LedgerVerifier.Report verify()
    {
        return LedgerVerifier.verify(ledger);
    }

    /** The replica's ledger, for reads in tests and tools; its owner's thread only. */
    public Ledger ledger()
    {
        return ledger;
    }

    /** Closes the ledger (fsyncing it) and, unless applying failed, records the clean stop. */
    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
        tailer.close();
        ledger.close();
        if (!failed)
        {
            new NodeMeta(NodeMeta.State.STOPPED, config.bootId().get()).write(home);
        }
    }
}
