package io.stockring.core.recovery;

import io.stockring.core.command.LocationKind;
import io.stockring.core.format.FormatException;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.LedgerFormat;
import io.stockring.core.testing.CoreDriver;
import io.stockring.core.testing.Golden;
import io.stockring.core.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data directory's small files against golden ones: node.meta and a snapshot's marker as
 * this build writes them, the ones written before they carried a format (still read), and ones
 * of a newer format (refused with one line, at start-up, before anything changes).
 */
class RecoveryFormatTest
{
    @TempDir
    Path dir;

    @Test
    void nodeMetaIsTheGoldenOneAndTheOldOneIsStillRead() throws IOException
    {
        new NodeMeta(NodeMeta.State.STOPPED, "0f5e2c4a-1b2c-4d5e-8f90-123456789abc").write(dir);
        Golden.assertMatches("node.meta", Files.readString(dir.resolve(NodeMeta.FILE)));

        Golden.copy("node.meta-format1-without-key", dir.resolve(NodeMeta.FILE));
        assertEquals(new NodeMeta(NodeMeta.State.RUNNING, "0f5e2c4a-1b2c-4d5e-8f90-123456789abc"), NodeMeta.read(dir));
    }

    @Test
    void aNewerNodeMetaStopsStartUpWithOneLineAndChangesNothing() throws IOException
    {
        final ManualClock clock = new ManualClock(CoreDriver.T0);
        try (CoreDriver core = CoreDriver.open(CoreDriver.config(dir), clock))
        {
            core.upsertLocation("a", "CW", "c", LocationKind.CENTRAL_WAREHOUSE, null);
        }
        final Path meta = dir.resolve(NodeMeta.FILE);
        Files.writeString(meta, Files.readString(meta).replace("format=1", "format=2"));
        final String before = Files.readString(meta);
        final FormatException e = assertThrows(FormatException.class,
            () -> CoreDriver.open(CoreDriver.config(dir), clock));
        assertEquals(meta + ": found format 2; this build reads format 1 (see ops/RUNBOOK.md, 'Format versions')",
            e.getMessage());
        assertEquals(before, Files.readString(meta));
    }

    @Test
    void theSnapshotMarkerIsTheGoldenOne() throws IOException
    {
        final Path ledger = dir.resolve("ledger");
        Ledger.open(ledger, LedgerCapacity.small(), false).close();
        final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 2);
        final SnapshotStore.Snapshot s = store.take(ledger, Ledger.FILES, 12);
        // Sizes and checksums depend on Chronicle Map's file contents; the keys and versions do not.
        final String marker = Files.readString(s.dir().resolve(SnapshotStore.MARKER))
            .replaceAll("(?m)^(.+\\.(crc32c|size))=\\d+$", "$1=N");
        Golden.assertMatches("snapshot-SNAPSHOT", marker);
    }

    @Test
    void aSnapshotOfOlderMarkerRestoresAndOneOfOtherLayoutsIsRefused() throws IOException
    {
        final Path ledger = dir.resolve("ledger");
        Ledger.open(ledger, LedgerCapacity.small(), false).close();
        final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 2);
        final SnapshotStore.Snapshot s = store.take(ledger, Ledger.FILES, 12);
        final Path marker = s.dir().resolve(SnapshotStore.MARKER);
        final String current = Files.readString(marker);

        // Written before markers carried versions: no format and no layout keys.
        Files.writeString(marker, current.replaceAll("(?m)^(format|layout\\.[a-z.]+)=\\d+\\n", ""));
        final Path restored = dir.resolve("restored");
        store.restore(s, restored, Ledger.FILES);
        assertEquals(Files.readString(ledger.resolve(LedgerFormat.FILE)),
            Files.readString(restored.resolve(LedgerFormat.FILE)));

        Files.writeString(marker, current.replace("layout.reservation.record=1", "layout.reservation.record=3"));
        final Path refused = dir.resolve("refused");
        final FormatException e = assertThrows(FormatException.class, () -> store.restore(s, refused, Ledger.FILES));
        assertEquals(marker + ": found reservation.record layout 3; this build reads reservation.record layout 1 " +
            "(see ops/RUNBOOK.md, 'Format versions')", e.getMessage());
        assertTrue(!Files.exists(refused), "nothing was restored");
    }
}
