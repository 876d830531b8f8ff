package io.stockring.engine;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.recovery.NodeMeta;
import io.stockring.core.recovery.Recovery;
import io.stockring.core.recovery.SnapshotReplica;
import io.stockring.core.recovery.SnapshotStore;
import io.stockring.core.testing.ManualClock;
import io.stockring.core.testing.StateDigest;
import io.stockring.engine.Engine.Line;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.stockring.engine.EngineFixture.await;
import static io.stockring.engine.EngineFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots come from the replica (docs/decisions/0015-snapshots-from-a-replica.md): the writer
 * goes on applying while one is taken, and a snapshot taken while the writer is busy is exact,
 * on the machine-crash path and as the replica's own ledger.
 */
class SnapshotUnderLoadTest
{
    private static final String[] SKUS = {"MUG", "PEN", "BAG", "CUP"};
    private static final String[] STORES = {"S1", "S2", "S3"};

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(EngineFixture.T0);
    private final AtomicInteger ids = new AtomicInteger();

    @Test
    void writerShouldKeepApplyingWhileASnapshotIsTaken() throws Exception
    {
        // Large tables: the copy reads hundreds of megabytes, far longer than one command.
        try (StockEngine engine = StockEngine.start(EngineFixture.config(dir.resolve("data"), clock)
            .capacity(new LedgerCapacity(100_000, 100, 1_000_000, 1_000_000, 2_000_000))))
        {
            setUp(engine);
            final long before = engine.stateMachine().appliedSeq();
            final CompletableFuture<Outcome> checkpoint = engine.checkpoint();
            int appliedWhileSnapshotting = 0;
            while (!checkpoint.isDone())
            {
                assertEquals(ResultCode.OK, await(engine.receive(id(), "MUG", "CW", 1)).code());
                appliedWhileSnapshotting += checkpoint.isDone() ? 0 : 1;
            }
            final Outcome taken = await(checkpoint);
            assertEquals(ResultCode.OK, taken.code());
            assertTrue(taken.value() >= before, "the snapshot holds what was applied before it was asked for");
            assertTrue(appliedWhileSnapshotting >= 10, "the writer should go on while the snapshot is copied: " +
                appliedWhileSnapshotting + " commands were applied meanwhile");
            System.out.println("SnapshotUnderLoadTest: " + appliedWhileSnapshotting + " commands applied while a " +
                "snapshot of default-size tables took " + engine.lastCheckpointNanos() / 1_000_000 + " ms");
        }
    }

    @Test
    void snapshotTakenUnderLoadShouldRestoreExactlyAndTheReplicaShouldEqualTheLedger() throws Exception
    {
        final Path data = dir.resolve("data");
        final long midSeq;
        final String digest;
        final long lastSeq;
        try (StockEngine engine = StockEngine.start(EngineFixture.config(data, clock)))
        {
            setUp(engine);
            final AtomicBoolean stop = new AtomicBoolean();
            final List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 3; t++)
            {
                final Random rnd = new Random(t);
                final Thread thread = new Thread(() -> run(engine, rnd, stop), "load-" + t);
                thread.start();
                load.add(thread);
            }
            Thread.sleep(300);
            final Outcome mid = await(engine.checkpoint());
            assertEquals(ResultCode.OK, mid.code());
            midSeq = mid.value();
            Thread.sleep(300);
            stop.set(true);
            for (final Thread thread : load)
            {
                thread.join();
            }
            lastSeq = engine.stateMachine().appliedSeq();
            assertTrue(lastSeq > midSeq + 100, "the load should go on well past the snapshot: " + midSeq + " .. " + lastSeq);
            assertTrue(get(engine.verify()).isClean());
            digest = digest(engine, lastSeq);
        }

        // The machine-crash path from the snapshot taken mid-load: the journal and that snapshot only.
        final Path crashed = dir.resolve("crashed");
        copyTree(data.resolve("journal"), crashed.resolve("journal"));
        copyTree(data.resolve("snapshots"), crashed.resolve("snapshots"));
        for (final SnapshotStore.Snapshot s : new SnapshotStore(crashed.resolve("snapshots"), 9).list())
        {
            if (s.seq() > midSeq)
            {
                SnapshotStore.deleteTree(s.dir());
            }
        }
        new NodeMeta(NodeMeta.State.RUNNING, "another-boot").write(crashed);
        try (StockEngine engine = StockEngine.start(EngineFixture.config(crashed, clock)))
        {
            assertEquals(Recovery.Mode.MACHINE_CRASH, engine.recoveryReport().mode());
            assertEquals(midSeq, engine.recoveryReport().snapshotSeq());
            assertEquals(digest, digest(engine, lastSeq), "snapshot under load + journal replay must be exact");
        }

        // The replica stopped where the writer stopped, with the same ledger.
        final Path replica = dir.resolve("replica-as-ledger");
        copyTree(data.resolve(SnapshotReplica.DIR).resolve("ledger"), replica.resolve("ledger"));
        copyTree(data.resolve("journal"), replica.resolve("journal"));
        new NodeMeta(NodeMeta.State.STOPPED, NodeMeta.currentBootId()).write(replica);
        try (StockEngine engine = StockEngine.start(EngineFixture.config(replica, clock)))
        {
            assertEquals(Recovery.Mode.CLEAN, engine.recoveryReport().mode());
            assertEquals(0, engine.recoveryReport().replayed(), "the replica had applied the whole journal");
            assertEquals(digest, digest(engine, lastSeq), "the replica's ledger differs from the writer's");
        }
    }

    private void run(final StockEngine engine, final Random rnd, final AtomicBoolean stop)
    {
        final List<Long> held = new ArrayList<>();
        while (!stop.get())
        {
            final String sku = SKUS[rnd.nextInt(SKUS.length)];
            final String store = STORES[rnd.nextInt(STORES.length)];
            final int pick = rnd.nextInt(10);
            final Outcome o;
            if (pick < 5 || held.isEmpty())
            {
                o = await(engine.reserve(id(), "app", List.of(new Line(sku, store, 1 + rnd.nextInt(2))), 60_000));
                if (o.code() == ResultCode.OK)
                {
                    held.add(o.value());
                }
            }
            else if (pick < 7)
            {
                o = await(engine.confirm(id(), held.remove(rnd.nextInt(held.size()))));
            }
            else if (pick < 9)
            {
                o = await(engine.release(id(), held.remove(rnd.nextInt(held.size()))));
            }
            else
            {
                o = await(engine.receive(id(), sku, store, 5));
            }
            assertTrue(o.code() == ResultCode.OK || o.code() == ResultCode.INSUFFICIENT_STOCK, o.toString());
        }
    }

    private void setUp(final StockEngine engine)
    {
        assertEquals(ResultCode.OK, await(engine.upsertLocation(id(), "CW", "Central", LocationKind.CENTRAL_WAREHOUSE,
            null)).code());
        for (final String store : STORES)
        {
            assertEquals(ResultCode.OK, await(engine.upsertLocation(id(), store, store, LocationKind.STORE, "CW")).code());
        }
        for (final String sku : SKUS)
        {
            assertEquals(ResultCode.OK, await(engine.upsertItem(id(), sku, sku, "gifts")).code());
            for (final String store : STORES)
            {
                assertEquals(ResultCode.OK, await(engine.receive(id(), sku, store, 2_000)).code());
            }
            assertEquals(ResultCode.OK, await(engine.receive(id(), sku, "CW", 2_000)).code());
        }
    }

    private String id()
    {
        return "s-" + ids.incrementAndGet();
    }

    private static String digest(final StockEngine engine, final long lastSeq)
    {
        return StateDigest.of(engine.reads(), () -> LongStream.rangeClosed(1, lastSeq).iterator());
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
