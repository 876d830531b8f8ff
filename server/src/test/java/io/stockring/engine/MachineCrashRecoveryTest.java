package io.stockring.engine;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.recovery.NodeMeta;
import io.stockring.core.recovery.Recovery;
import io.stockring.core.recovery.SnapshotStore;
import io.stockring.core.testing.ManualClock;
import io.stockring.core.testing.StateDigest;
import io.stockring.engine.Engine.Line;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.stockring.engine.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof (2) of docs/architecture.md, "Durability and recovery": the machine-crash path. A machine
 * crash cannot be had in-process, so it is simulated: the engine runs a deterministic script
 * (manual clock, SYNC journal), then its directory is left as a dead machine leaves it, with
 * node.meta saying RUNNING under another boot id and the live ledger files' pages garbled, zeroed
 * or cut. Recovery must not trust those files: it restores the newest snapshot and replays the
 * journal from its sequence, and the state must be exactly the state before the crash, which is
 * also the state of a reference engine that ran the same script on a fresh directory. The
 * recovered engine must then go on exactly like the reference (expiry index, idempotency
 * records and catalog rebuilt).
 */
class MachineCrashRecoveryTest
{
    private static final String BOOT_A = "boot-a";
    private static final String OTHER_BOOT = "some-other-boot";
    private static final long PHASE2_SEED = 20_261_125L;

    @TempDir
    static Path referenceDir;

    @TempDir
    Path dir;

    /** The reference run: the same script on a fresh directory, never crashed. */
    private static Run reference;

    /** What a run of the script produced at its checkpoints. */
    private record Run(String digestAfterPhase2, List<String> outcomesPhase1And2, long lastSeqAfterPhase2,
        String digestAfterPhase3, List<String> outcomesPhase3)
    {
    }

    @BeforeAll
    static void runReference() throws Exception
    {
        final ManualClock clock = new ManualClock(EngineFixture.T0);
        try (StockEngine engine = StockEngine.start(config(referenceDir, clock, BOOT_A)))
        {
            final Script script = new Script(engine, clock);
            script.phase1();
            script.phase2();
            final String digest2 = digest(engine);
            final long lastSeq = engine.stateMachine().appliedSeq();
            final List<String> outcomes12 = List.copyOf(script.log);
            script.log.clear();
            assertTrue(script.held.size() >= 5, "phase 2 should leave reservations HELD across the crash: " +
                script.held.size());
            script.phase3();
            assertClean(engine, "reference");
            final String all = String.join("\n", outcomes12) + "\n" + String.join("\n", script.log);
            for (final String expected : List.of("RESERVATION_EXPIRED", "INSUFFICIENT_STOCK", "PARENT_CYCLE",
                "REQUEST_ID_REUSED", "UNKNOWN_SKU", "ALREADY_CONFIRMED", "ADJUST_EXPECTED_MISMATCH"))
            {
                assertTrue(all.contains(expected), "the script never produced " + expected);
            }
            System.out.println("MachineCrashRecoveryTest reference: " + outcomes12.size() + " commands before the " +
                "crash (last seq " + engine.stateMachine().appliedSeq() + " after phase 3), " + script.held.size() +
                " held across it; phase 3: " + script.log);
            reference = new Run(digest2, outcomes12, lastSeq, digest(engine), List.copyOf(script.log));
        }
    }

    @Test
    void shouldRestoreSnapshotAndReplayJournalAfterMachineCrash() throws Exception
    {
        final Path data = dir.resolve("data");
        final ManualClock clock = new ManualClock(EngineFixture.T0);
        final Script script;
        final long snapshotSeq;
        final String digestBeforeCrash;
        final long lastSeq;
        try (StockEngine engine = StockEngine.start(config(data, clock, BOOT_A)))
        {
            script = new Script(engine, clock);
            script.phase1();
            final Outcome checkpoint = await(engine.checkpoint());
            assertEquals(ResultCode.OK, checkpoint.code());
            snapshotSeq = checkpoint.value();
            assertEquals(engine.stateMachine().appliedSeq(), snapshotSeq);
            assertTrue(snapshotSeq > 0);
            script.phase2();
            lastSeq = engine.stateMachine().appliedSeq();
            assertTrue(lastSeq > snapshotSeq + 100, "phase 2 should leave plenty to replay");
            digestBeforeCrash = digest(engine);
            assertClean(engine, "before the crash");
            // A clean stop here; the crash is made by hand below.
        }
        assertEquals(reference.digestAfterPhase2(), digestBeforeCrash, "the run differs from the reference before " +
            "any crash: the script is not deterministic");
        assertEquals(reference.outcomesPhase1And2(), script.log);
        assertEquals(reference.lastSeqAfterPhase2(), lastSeq);
        script.log.clear();

        // The clean stop took a final checkpoint; a machine crash leaves none: only the mid-run one stays.
        deleteSnapshotsAfter(data, snapshotSeq);
        new NodeMeta(NodeMeta.State.RUNNING, OTHER_BOOT).write(data);
        scrambleLedger(data.resolve("ledger"), new Random(1));

        try (StockEngine engine = StockEngine.start(config(data, clock, BOOT_A)))
        {
            final Recovery.Report report = engine.recoveryReport();
            assertEquals(Recovery.Mode.MACHINE_CRASH, report.mode(), report.toString());
            assertEquals(snapshotSeq, report.snapshotSeq(), report.toString());
            assertEquals(lastSeq - snapshotSeq, report.replayed(), report.toString());
            assertEquals(lastSeq, engine.stateMachine().appliedSeq());
            assertClean(engine, "after machine-crash recovery");
            assertEquals(digestBeforeCrash, digest(engine), "snapshot + journal replay must give the state before " +
                "the crash");
            assertEquals(reference.digestAfterPhase2(), digest(engine));

            script.engine = engine;
            script.phase3();
            assertClean(engine, "after phase 3");
            assertEquals(reference.outcomesPhase3(), script.log, "the recovered engine answers differently");
            assertEquals(reference.digestAfterPhase3(), digest(engine), "the recovered engine goes on differently");
        }
    }

    @Test
    void shouldReplayWholeJournalAfterMachineCrashWithoutSnapshot() throws Exception
    {
        final Path data = dir.resolve("data");
        final ManualClock clock = new ManualClock(EngineFixture.T0);
        final Script script;
        final String digestBeforeCrash;
        final long lastSeq;
        try (StockEngine engine = StockEngine.start(config(data, clock, BOOT_A)))
        {
            script = new Script(engine, clock);
            script.phase1();
            script.phase2();
            lastSeq = engine.stateMachine().appliedSeq();
            digestBeforeCrash = digest(engine);
        }
        assertEquals(reference.digestAfterPhase2(), digestBeforeCrash);
        script.log.clear();

        // No snapshot was ever taken (the one of the clean stop goes): replay from seq 1.
        deleteSnapshotsAfter(data, -1);
        new NodeMeta(NodeMeta.State.RUNNING, OTHER_BOOT).write(data);
        truncateLedger(data.resolve("ledger"));

        try (StockEngine engine = StockEngine.start(config(data, clock, BOOT_A)))
        {
            final Recovery.Report report = engine.recoveryReport();
            assertEquals(Recovery.Mode.MACHINE_CRASH, report.mode(), report.toString());
            assertEquals(0, report.snapshotSeq(), report.toString());
            assertEquals(lastSeq, report.replayed(), report.toString());
            assertClean(engine, "after replaying the whole journal");
            assertEquals(digestBeforeCrash, digest(engine));

            script.engine = engine;
            script.phase3();
            assertEquals(reference.outcomesPhase3(), script.log);
            assertEquals(reference.digestAfterPhase3(), digest(engine));
        }
    }

    /**
     * The most faithful in-process crash: the directory is copied while the engine runs (idle,
     * every command acknowledged, nothing stopped), so no final checkpoint and no STOPPED mark;
     * the copy is then started under another boot id with its ledger pages garbled.
     */
    @Test
    void shouldRecoverCrashImageTakenWhileRunningUnderNewBootId() throws Exception
    {
        final Path data = dir.resolve("data");
        final Path image = dir.resolve("image");
        final ManualClock clock = new ManualClock(EngineFixture.T0);
        final Script script;
        final long snapshotSeq;
        final String digestBeforeCrash;
        final long lastSeq;
        try (StockEngine engine = StockEngine.start(config(data, clock, BOOT_A)))
        {
            script = new Script(engine, clock);
            script.phase1();
            snapshotSeq = await(engine.checkpoint()).value();
            script.phase2();
            lastSeq = engine.stateMachine().appliedSeq();
            digestBeforeCrash = digest(engine);
            copyImage(data, image);
        }
        script.log.clear();
        assertEquals(new NodeMeta(NodeMeta.State.RUNNING, BOOT_A), NodeMeta.read(image));
        scrambleLedger(image.resolve("ledger"), new Random(2));

        try (StockEngine engine = StockEngine.start(config(image, clock, "boot-b")))
        {
            final Recovery.Report report = engine.recoveryReport();
            assertEquals(Recovery.Mode.MACHINE_CRASH, report.mode(), report.toString());
            assertEquals(snapshotSeq, report.snapshotSeq(), report.toString());
            assertEquals(lastSeq - snapshotSeq, report.replayed(), report.toString());
            assertClean(engine, "crash image");
            assertEquals(digestBeforeCrash, digest(engine));
            assertEquals(reference.digestAfterPhase2(), digest(engine));

            script.engine = engine;
            script.phase3();
            assertEquals(reference.outcomesPhase3(), script.log);
            assertEquals(reference.digestAfterPhase3(), digest(engine));
        }
    }

    // ------------------------------------------------------------------ the script

    /**
     * A deterministic command sequence: every command waits for its outcome (so reservation ids
     * and the order of the journal are the same in every run) and time moves only by hand.
     */
    private static final class Script
    {
        private static final String[] SKUS = {"MUG", "TEE", "CAP", "BAG"};
        private static final String[] LOCS = {"WH", "RW", "ST-1", "ST-2", "ONL"};

        StockEngine engine;
        final ManualClock clock;
        final List<String> log = new ArrayList<>();
        final List<Long> held = new ArrayList<>();
        long r1;
        long r4;

        Script(final StockEngine engine, final ManualClock clock)
        {
            this.engine = engine;
            this.clock = clock;
        }

        Outcome run(final String label, final CompletableFuture<Outcome> command)
        {
            final Outcome o = await(command);
            assertTrue(!o.code().isCapacityOrSystem(), label + " was refused: " + o);
            log.add(label + " -> " + o.code() + "/" + o.value());
            return o;
        }

        void phase1()
        {
            final StockEngine e = engine;
            run("loc WH", e.upsertLocation("p1-loc-WH", "WH", "Central", LocationKind.CENTRAL_WAREHOUSE, null));
            run("loc RW", e.upsertLocation("p1-loc-RW", "RW", "Regional", LocationKind.REGIONAL_WAREHOUSE, "WH"));
            run("loc ST-1", e.upsertLocation("p1-loc-ST-1", "ST-1", "Store 1", LocationKind.STORE, "RW"));
            run("loc ST-2", e.upsertLocation("p1-loc-ST-2", "ST-2", "Store 2", LocationKind.STORE, "RW"));
            run("loc ONL", e.upsertLocation("p1-loc-ONL", "ONL", "Online", LocationKind.ONLINE_POOL, "WH"));
            for (final String sku : SKUS)
            {
                run("item " + sku, e.upsertItem("p1-item-" + sku, sku, "Gift " + sku, "gifts"));
                run("recv " + sku + "@WH", e.receive("p1-recv-" + sku + "-WH", sku, "WH", 200));
                run("recv " + sku + "@RW", e.receive("p1-recv-" + sku + "-RW", sku, "RW", 50));
                run("recv " + sku + "@ST-1", e.receive("p1-recv-" + sku + "-ST-1", sku, "ST-1", 20));
            }
            run("policy", e.setPolicy("p1-policy", "MUG", "ST-1", 5, 10));
            run("transfer", e.transfer("p1-tr-1", "MUG", "WH", "ST-1", 30));
            run("transfer", e.transfer("p1-tr-2", "TEE", "WH", "ST-2", 15));
            run("transfer out", e.transferOut("p1-tro-1", "CAP", "WH", "ONL", 12));
            r1 = run("reserve r1", e.reserve("p1-res-1", "app", List.of(new Line("MUG", "ST-1", 3),
                new Line("TEE", "ST-2", 2)), 60_000)).value();
            final long r2 = run("reserve r2", e.reserve("p1-res-2", "mini", List.of(new Line("MUG", "WH", 5)), 1_000))
                .value();
            run("reserve too much", e.reserve("p1-res-3", "app", List.of(new Line("CAP", "WH", 1_000)), 60_000));
            r4 = run("reserve r4", e.reserve("p1-res-4", "store", List.of(new Line("MUG", "ST-1", 1),
                new Line("MUG", "ST-1", 2)), 10_000)).value();
            run("reserve unknown sku", e.reserve("p1-res-5", "app", List.of(new Line("NOPE", "WH", 1)), 60_000));
            run("confirm r1", e.confirm("p1-conf-1", r1));
            clock.advance(2_000);
            run("expire", e.expireDue(100));
            run("release r4", e.release("p1-rel-4", r4));
            run("confirm expired r2", e.confirm("p1-conf-2", r2));
            run("adjust by", e.adjustBy("p1-adj-1", "TEE", "WH", -3, "damaged"));
            run("adjust to", e.adjustTo("p1-adj-2", "BAG", "WH", 200, 190, "stocktake"));
            run("adjust to mismatch", e.adjustTo("p1-adj-3", "BAG", "WH", 7, 5, "stocktake"));
            run("transfer in", e.transferIn("p1-tri-1", "CAP", "ONL", 12));
            run("retry reserve r1", e.reserve("p1-res-1", "app", List.of(new Line("MUG", "ST-1", 3),
                new Line("TEE", "ST-2", 2)), 60_000));
            run("reuse id", e.reserve("p1-res-1", "app", List.of(new Line("MUG", "ST-1", 4)), 60_000));
            run("parent cycle", e.upsertLocation("p1-loc-cycle", "WH", "Central", LocationKind.CENTRAL_WAREHOUSE,
                "ST-1"));
        }

        /** A seeded mix: reserves with short and long holds, confirms, releases, stock moves, expiry ticks. */
        void phase2()
        {
            final StockEngine e = engine;
            final Random rnd = new Random(PHASE2_SEED);
            for (int i = 0; i < 160; i++)
            {
                final String id = "p2-" + i;
                final String sku = SKUS[rnd.nextInt(SKUS.length)];
                final String loc = LOCS[rnd.nextInt(LOCS.length)];
                final int op = rnd.nextInt(100);
                if (op < 40)
                {
                    final List<Line> lines = new ArrayList<>();
                    for (int n = 1 + rnd.nextInt(3); n > 0; n--)
                    {
                        lines.add(new Line(SKUS[rnd.nextInt(SKUS.length)], LOCS[rnd.nextInt(LOCS.length)],
                            1 + rnd.nextInt(4)));
                    }
                    final Outcome o = run(id + " reserve", e.reserve(id, rnd.nextBoolean() ? "app" : "mini", lines,
                        500 + rnd.nextInt(40_000)));
                    if (o.isOk())
                    {
                        held.add(o.value());
                    }
                }
                else if (op < 55 && !held.isEmpty())
                {
                    run(id + " confirm", e.confirm(id, held.remove(rnd.nextInt(held.size()))));
                }
                else if (op < 65 && !held.isEmpty())
                {
                    run(id + " release", e.release(id, held.remove(rnd.nextInt(held.size()))));
                }
                else if (op < 75)
                {
                    run(id + " receive", e.receive(id, sku, loc, 1 + rnd.nextInt(20)));
                }
                else if (op < 85)
                {
                    final String to = LOCS[(java.util.Arrays.asList(LOCS).indexOf(loc) + 1 + rnd.nextInt(4)) % 5];
                    run(id + " transfer", e.transfer(id, sku, loc, to, 1 + rnd.nextInt(6)));
                }
                else if (op < 92)
                {
                    run(id + " adjust", e.adjustBy(id, sku, loc, rnd.nextBoolean() ? 2 : -2, "count"));
                }
                else
                {
                    run(id + " policy", e.setPolicy(id, sku, loc, rnd.nextInt(10), rnd.nextInt(20)));
                }
                if (i % 8 == 7)
                {
                    clock.advance(rnd.nextInt(3_000));
                    run(id + " expire", e.expireDue(1 + rnd.nextInt(3)));
                }
            }
        }

        /** After the crash: retries, the rest of the holds, expiry of what is left. */
        void phase3()
        {
            final StockEngine e = engine;
            run("retry reserve r1", e.reserve("p1-res-1", "app", List.of(new Line("MUG", "ST-1", 3),
                new Line("TEE", "ST-2", 2)), 60_000));
            run("retry confirm r1", e.confirm("p1-conf-1", r1));
            run("retry receive", e.receive("p1-recv-MUG-WH", "MUG", "WH", 200));
            run("reuse p2-0", e.receive("p2-0", "MUG", "WH", 1));
            run("confirm r1 again", e.confirm("p3-conf-1", r1));
            for (int i = 0; i < held.size(); i += 3)
            {
                run("p3 confirm " + i, e.confirm("p3-conf-h" + i, held.get(i)));
            }
            clock.advance(5_000);
            run("p3 expire some", e.expireDue(2));
            clock.advance(60_000);
            run("p3 expire rest", e.expireDue(1_000));
            for (int i = 1; i < held.size(); i += 3)
            {
                run("p3 release " + i, e.release("p3-rel-h" + i, held.get(i)));
            }
            run("p3 location", e.upsertLocation("p3-loc", "ST-3", "Store 3", LocationKind.STORE, "RW"));
            run("p3 cycle", e.upsertLocation("p3-cycle", "RW", "Regional", LocationKind.REGIONAL_WAREHOUSE, "ST-3"));
            run("p3 receive", e.receive("p3-recv", "BAG", "ST-3", 9));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static EngineConfig config(final Path dataDir, final ManualClock clock, final String bootId)
    {
        return new EngineConfig()
            .dataDir(dataDir)
            .capacity(LedgerCapacity.small())
            .ringSize(1024)
            .journalSegmentBytes(1024 * 1024)
            .durability(Durability.SYNC)
            .clockMs(clock)
            .timersEnabled(false)
            .checkpointIntervalMs(0)
            .bootId(() -> bootId);
    }

    private static String digest(final StockEngine engine)
    {
        final long lastSeq = engine.stateMachine().appliedSeq();
        return StateDigest.of(engine.reads(), () -> LongStream.rangeClosed(1, lastSeq).iterator());
    }

    private static void assertClean(final StockEngine engine, final String when)
    {
        final LedgerVerifier.Report report = EngineFixture.get(engine.verify());
        assertTrue(report.isClean(), when + ": " + report);
    }

    private static void deleteSnapshotsAfter(final Path dataDir, final long seq) throws IOException
    {
        final SnapshotStore store = new SnapshotStore(dataDir.resolve("snapshots"), 2);
        for (final SnapshotStore.Snapshot s : store.list())
        {
            if (s.seq() > seq)
            {
                SnapshotStore.deleteTree(s.dir());
            }
        }
        final SnapshotStore.Snapshot latest = store.latest();
        assertEquals(seq, latest == null ? -1 : latest.seq(), "snapshots left: " + store.list());
    }

    /**
     * Pages written after the last msync are lost or torn in any order: every page of the stock
     * and reservation maps that holds data is overwritten with garbage or zeros, the progress
     * file is garbage, the request map loses its tail.
     */
    private static void scrambleLedger(final Path ledgerDir, final Random rnd) throws IOException
    {
        int pages = 0;
        for (final String file : List.of(Ledger.STOCK_FILE, Ledger.RESERVATIONS_FILE))
        {
            try (FileChannel ch = FileChannel.open(ledgerDir.resolve(file), StandardOpenOption.READ,
                StandardOpenOption.WRITE))
            {
                final ByteBuffer page = ByteBuffer.allocate(4096);
                for (long pos = 0; pos < ch.size(); pos += 4096)
                {
                    page.clear();
                    ch.read(page, pos);
                    if (isZero(page))
                    {
                        continue;
                    }
                    page.clear();
                    if (rnd.nextBoolean())
                    {
                        rnd.nextBytes(page.array());
                    }
                    else
                    {
                        java.util.Arrays.fill(page.array(), (byte)0);
                    }
                    ch.write(page, pos);
                    pages++;
                }
            }
        }
        final byte[] garbage = new byte[128];
        rnd.nextBytes(garbage);
        Files.write(ledgerDir.resolve(Ledger.PROGRESS_FILE), garbage);
        try (FileChannel ch = FileChannel.open(ledgerDir.resolve(Ledger.REQUESTS_FILE), StandardOpenOption.WRITE))
        {
            ch.truncate(ch.size() / 2);
        }
        assertTrue(pages > 2, "the scramble should have hit the data pages, hit " + pages);
    }

    private static void truncateLedger(final Path ledgerDir) throws IOException
    {
        for (final String file : Ledger.FILES)
        {
            try (FileChannel ch = FileChannel.open(ledgerDir.resolve(file), StandardOpenOption.WRITE))
            {
                ch.truncate(file.equals(Ledger.PROGRESS_FILE) ? 0 : 4096);
            }
        }
    }

    private static boolean isZero(final ByteBuffer page)
    {
        for (int i = 0; i < page.position(); i++)
        {
            if (page.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static void copyImage(final Path from, final Path to) throws IOException
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
                else if (!p.getFileName().toString().equals("LOCK"))
                {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
