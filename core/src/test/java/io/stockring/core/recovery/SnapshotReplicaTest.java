package io.stockring.core.recovery;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.journal.JournalCorruptException;
import io.stockring.core.journal.JournalTailer;
import io.stockring.core.ledger.LedgerReads;
import io.stockring.core.testing.CoreDriver;
import io.stockring.core.testing.ManualClock;
import io.stockring.core.testing.StateDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot replica follows the journal to exactly the writer's state, and a snapshot taken
 * from it is the writer's state at its sequence: restored on the machine-crash path it gives
 * the same ledger as the writer that never stopped.
 */
class SnapshotReplicaTest
{
    private static final String[] SKUS = {"MUG", "PEN", "BAG", "CUP", "HAT"};
    private static final String[] LOCATIONS = {"CW", "EAST", "S1", "S2"};

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(CoreDriver.T0);
    private int ids;

    @Test
    void shouldFollowTheJournalToTheWritersStateAcrossSegments() throws Exception
    {
        final Path data = dir.resolve("data");
        final Random rnd = new Random(7);
        try (CoreDriver driver = CoreDriver.open(CoreDriver.config(data), clock))
        {
            setUp(driver);
            try (SnapshotReplica replica = SnapshotReplica.open(driver.config(), driver.machine().appliedSeq(), 0))
            {
                assertEquals(Recovery.Mode.NEW, replica.mode());
                final List<Long> held = new ArrayList<>();
                for (int i = 0; i < 40_000; i++)
                {
                    step(driver, rnd, held);
                    if (rnd.nextInt(50) == 0)
                    {
                        replica.catchUp(driver.machine().appliedSeq(), 1 + rnd.nextInt(400));
                        assertTrue(replica.appliedSeq() <= driver.machine().appliedSeq());
                    }
                }
                try (Stream<Path> files = Files.list(data.resolve("journal")))
                {
                    assertTrue(files.filter(p -> p.toString().endsWith(".journal")).count() >= 3,
                        "the script should roll segments");
                }
                while (replica.catchUp(driver.machine().appliedSeq(), 1000) > 0)
                {
                    // to the writer's sequence
                }
                assertEquals(driver.machine().appliedSeq(), replica.appliedSeq());
                assertEquals(digest(driver.reads(), driver), digest(new LedgerReads(replica.ledger()), driver));
                assertTrue(replica.verify().isClean(), replica.verify().toString());
            }
        }
    }

    @Test
    void shouldRestoreItsSnapshotToTheWritersStateAfterAMachineCrash() throws Exception
    {
        final Path data = dir.resolve("data");
        final Random rnd = new Random(11);
        final String finalDigest;
        final long snapshotSeq;
        try (CoreDriver driver = CoreDriver.open(CoreDriver.config(data), clock))
        {
            setUp(driver);
            final List<Long> held = new ArrayList<>();
            try (SnapshotReplica replica = SnapshotReplica.open(driver.config(), driver.machine().appliedSeq(), 0))
            {
                for (int i = 0; i < 3_000; i++)
                {
                    step(driver, rnd, held);
                }
                // The replica is behind the writer when it snapshots: the snapshot is of its own sequence.
                replica.catchUp(driver.machine().appliedSeq() - 500, Integer.MAX_VALUE);
                snapshotSeq = replica.snapshot().seq();
                assertEquals(driver.machine().appliedSeq() - 500, snapshotSeq);
            }
            for (int i = 0; i < 3_000; i++)
            {
                step(driver, rnd, held);
            }
            finalDigest = digest(driver.reads(), driver);
        }
        // A dead machine: the journal and the snapshot survive, the ledger's files are not trusted.
        final Path crashed = dir.resolve("crashed");
        copyTree(data.resolve("journal"), crashed.resolve("journal"));
        copyTree(data.resolve("snapshots"), crashed.resolve("snapshots"));
        new NodeMeta(NodeMeta.State.RUNNING, "another-boot").write(crashed);
        try (CoreDriver recovered = CoreDriver.open(CoreDriver.config(crashed), clock))
        {
            assertEquals(Recovery.Mode.MACHINE_CRASH, recovered.recoveryReport().mode());
            assertEquals(snapshotSeq, recovered.recoveryReport().snapshotSeq());
            assertEquals(finalDigest, digest(recovered.reads(), recovered));
        }
    }

    @Test
    void shouldReopenCleanlyAndStartFromTheNewestSnapshotWhenItsDirectoryIsGone() throws Exception
    {
        final Path data = dir.resolve("data");
        final Random rnd = new Random(13);
        try (CoreDriver driver = CoreDriver.open(CoreDriver.config(data), clock))
        {
            setUp(driver);
            final List<Long> held = new ArrayList<>();
            final long snapshotSeq;
            try (SnapshotReplica replica = SnapshotReplica.open(driver.config(), driver.machine().appliedSeq(), 0))
            {
                for (int i = 0; i < 500; i++)
                {
                    step(driver, rnd, held);
                }
                replica.catchUp(driver.machine().appliedSeq(), Integer.MAX_VALUE);
                snapshotSeq = replica.snapshot().seq();
            }
            for (int i = 0; i < 500; i++)
            {
                step(driver, rnd, held);
            }
            try (SnapshotReplica replica = SnapshotReplica.open(driver.config(), driver.machine().appliedSeq(), 0))
            {
                assertEquals(Recovery.Mode.CLEAN, replica.mode());
                assertEquals(snapshotSeq, replica.appliedSeq());
                replica.catchUp(driver.machine().appliedSeq(), Integer.MAX_VALUE);
                assertEquals(digest(driver.reads(), driver), digest(new LedgerReads(replica.ledger()), driver));
            }
            SnapshotStore.deleteTree(data.resolve(SnapshotReplica.DIR));
            try (SnapshotReplica replica = SnapshotReplica.open(driver.config(), driver.machine().appliedSeq(), 0))
            {
                assertEquals(Recovery.Mode.MACHINE_CRASH, replica.mode(), "a new replica starts from the snapshot");
                assertEquals(snapshotSeq, replica.appliedSeq());
                replica.catchUp(driver.machine().appliedSeq(), Integer.MAX_VALUE);
                assertEquals(digest(driver.reads(), driver), digest(new LedgerReads(replica.ledger()), driver));
            }
        }
    }

    @Test
    void tailerShouldStopAtItsLimitAndRefuseADamagedRecord() throws Exception
    {
        final Path data = dir.resolve("data");
        try (CoreDriver driver = CoreDriver.open(CoreDriver.config(data), clock))
        {
            setUp(driver);
            final long last = driver.machine().appliedSeq();
            try (JournalTailer tailer = new JournalTailer(data.resolve("journal"), 2))
            {
                final List<Long> seen = new ArrayList<>();
                assertEquals(3, tailer.poll(5, 100, c -> seen.add(c.seq)));
                assertEquals(List.of(3L, 4L, 5L), seen);
                assertEquals(0, tailer.poll(5, 100, c -> seen.add(c.seq)), "nothing past the limit");
                assertEquals(last - 5, tailer.poll(last, 1000, c -> seen.add(c.seq)));
                assertEquals(last, tailer.lastSeq());
            }
            final Path segment;
            try (Stream<Path> files = Files.list(data.resolve("journal")))
            {
                segment = files.filter(p -> p.toString().endsWith(".journal")).sorted().findFirst().orElseThrow();
            }
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw"))
            {
                f.seek(64 + 30); // inside the first record's payload
                f.write(f.read() ^ 0x5A);
            }
            try (JournalTailer tailer = new JournalTailer(data.resolve("journal"), 0))
            {
                final JournalCorruptException e = assertThrows(JournalCorruptException.class,
                    () -> tailer.poll(last, 1000, c -> { }));
                assertTrue(e.getMessage().contains("damaged record"), e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ a random script

    private void setUp(final CoreDriver driver) throws IOException
    {
        driver.upsertLocation(id(), "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, null);
        driver.upsertLocation(id(), "EAST", "East", LocationKind.REGIONAL_WAREHOUSE, "CW");
        driver.upsertLocation(id(), "S1", "Store 1", LocationKind.STORE, "EAST");
        driver.upsertLocation(id(), "S2", "Store 2", LocationKind.STORE, "EAST");
        for (final String sku : SKUS)
        {
            driver.upsertItem(id(), sku, sku + " gift", "gifts");
            for (final String location : LOCATIONS)
            {
                driver.receive(id(), sku, location, 200);
            }
        }
    }

    private void step(final CoreDriver driver, final Random rnd, final List<Long> held) throws IOException
    {
        clock.advance(1 + rnd.nextInt(2_000));
        final String sku = SKUS[rnd.nextInt(SKUS.length)];
        final String location = LOCATIONS[rnd.nextInt(LOCATIONS.length)];
        final int pick = rnd.nextInt(10);
        if (pick < 5)
        {
            final Outcome o = driver.reserve(id(), "app", 5_000 + rnd.nextInt(60_000), sku, location, 1 + rnd.nextInt(3));
            if (o.code().name().equals("OK"))
            {
                held.add(o.value());
            }
        }
        else if (pick < 7 && !held.isEmpty())
        {
            driver.confirm(id(), held.remove(rnd.nextInt(held.size())));
        }
        else if (pick < 8 && !held.isEmpty())
        {
            driver.release(id(), held.remove(rnd.nextInt(held.size())));
        }
        else if (pick < 9)
        {
            driver.receive(id(), sku, location, 1 + rnd.nextInt(20));
        }
        else
        {
            driver.expireDue(100);
        }
    }

    private String id()
    {
        return "r-" + ids++;
    }

    private static String digest(final LedgerReads reads, final CoreDriver driver)
    {
        final long last = driver.machine().appliedSeq();
        return StateDigest.of(reads, () -> LongStream.rangeClosed(1, last).iterator());
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> walk = Files.walk(from))
        {
            for (final Path p : (Iterable<Path>)walk::iterator)
            {
                final Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
