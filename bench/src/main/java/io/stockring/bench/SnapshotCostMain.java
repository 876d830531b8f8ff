package io.stockring.bench;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.recovery.SnapshotStore;
import io.stockring.engine.EngineConfig;
import io.stockring.engine.Engine;
import io.stockring.engine.StockEngine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What one snapshot costs for a ledger of a given size: how long it takes on the snapshotter
 * thread, the CPU that thread spends on it, what it writes to disk, and how many commands the
 * writer applied meanwhile (it does not wait for the snapshot). The ledger is filled through the
 * engine: {@code skus} items stocked at one warehouse, {@code reservations} reservations HELD,
 * one request record per command.
 *
 * <pre>
 *   ./stockring bench snapshot [SKUS] [HELD_RESERVATIONS]      (defaults 100000 1000000)
 * </pre>
 */
public final class SnapshotCostMain
{
    private static final int IN_FLIGHT = 4096;

    private SnapshotCostMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int skus = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int reservations = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final Path dir = Files.createTempDirectory("stockring-snapshot-cost");
        final LedgerCapacity capacity = new LedgerCapacity(Math.max(100_000, skus + 1), 16, Math.max(1_000_000, skus + 1),
            Math.max(1_000_000, reservations + 1), Math.max(2_000_000, 2L * skus + reservations) + 4_000_000); // room for the commands applied during the snapshot
        final EngineConfig config = new EngineConfig().dataDir(dir).durability(Durability.ASYNC).capacity(capacity)
            .timersEnabled(false).checkpointIntervalMs(0).requestRetentionMs(24 * 3_600_000L);
        try (StockEngine engine = StockEngine.start(config))
        {
            final long fillStart = System.nanoTime();
            fill(engine, skus, reservations);
            final Window window = new Window();
            System.out.printf("filled: %d skus, %d held reservations, %d request records, %d commands in %.1f s%n",
                skus, engine.stateMachine().heldReservations(), engine.ledger().requestCount(),
                engine.stateMachine().appliedSeq(), (System.nanoTime() - fillStart) / 1e9);

            // One snapshot while a producer keeps the writer busy.
            final AtomicLong appliedDuring = new AtomicLong();
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long snapshotter = threadId("stockring-snapshotter");
            final long cpuBefore = threads.getThreadCpuTime(snapshotter);
            final CompletableFuture<Outcome> checkpoint = engine.checkpoint();
            int n = 0;
            while (!checkpoint.isDone())
            {
                window.add(engine.receive("d" + n++, BenchConfigs.sku(n % skus), BenchConfigs.LOCATION, 1)
                    .whenComplete((o, e) -> appliedDuring.incrementAndGet()));
            }
            final Outcome taken = checkpoint.get(10, TimeUnit.MINUTES);
            final long cpu = threads.getThreadCpuTime(snapshotter) - cpuBefore;
            window.drain();
            final Path snapshot = new SnapshotStore(dir.resolve("snapshots"), 2).latest().dir();
            System.out.printf("snapshot at seq %d (%s): %d ms on the snapshotter, %d ms of its CPU (incl. replay), " +
                    "%.1f MB on disk (%.1f MB apparent), %d commands applied by the writer meanwhile%n", taken.value(),
                taken.code(), engine.lastCheckpointNanos() / 1_000_000, cpu / 1_000_000, allocatedMb(snapshot),
                apparentMb(snapshot), appliedDuring.get());
        }
        finally
        {
            SnapshotStore.deleteTree(dir);
        }
    }

    /** One central warehouse, SKUS gifts with stock, RESERVATIONS held reservations (each with its request record). */
    static void fill(final Engine engine, final int skus, final int reservations) throws Exception
    {
        check(engine.upsertLocation("loc", BenchConfigs.LOCATION, "warehouse", LocationKind.CENTRAL_WAREHOUSE, null));
        final Window window = new Window();
        for (int i = 0; i < skus; i++)
        {
            window.add(engine.upsertItem("i" + i, BenchConfigs.sku(i), "gift " + i, "gifts"));
        }
        window.drain();
        for (int i = 0; i < skus; i++)
        {
            window.add(engine.receive("r" + i, BenchConfigs.sku(i), BenchConfigs.LOCATION, 1_000_000));
        }
        window.drain();
        for (int i = 0; i < reservations; i++)
        {
            window.add(engine.reserve("h" + i, "app", List.of(new Engine.Line(BenchConfigs.sku(i % skus),
                BenchConfigs.LOCATION, 1)), 3_600_000));
        }
        window.drain();
    }

    private static void check(final CompletableFuture<Outcome> f) throws Exception
    {
        final Outcome o = f.get(1, TimeUnit.MINUTES);
        if (o.code() != ResultCode.OK)
        {
            throw new IllegalStateException("setup command refused: " + o);
        }
    }

    /** Keeps a bounded number of commands in flight and fails on any refusal. */
    /** At most IN_FLIGHT setup commands outstanding; refusals fail the run. */
    static final class Window
    {
        private final Semaphore permits = new Semaphore(IN_FLIGHT);
        private final AtomicLong refused = new AtomicLong();

        void add(final CompletableFuture<Outcome> f) throws InterruptedException
        {
            permits.acquire();
            f.whenComplete((o, e) ->
            {
                if (e != null || o.code() != ResultCode.OK)
                {
                    refused.incrementAndGet();
                }
                permits.release();
            });
        }

        void drain() throws InterruptedException
        {
            permits.acquire(IN_FLIGHT);
            permits.release(IN_FLIGHT);
            if (refused.get() > 0)
            {
                throw new IllegalStateException(refused.get() + " setup commands were refused (ring full or ledger full)");
            }
        }
    }

    private static long threadId(final String name)
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no thread " + name)).getId();
    }

    private static double allocatedMb(final Path dir) throws IOException
    {
        final ProcessBuilder du = new ProcessBuilder("du", "-sk", dir.toString());
        final Process p = du.start();
        final String out = new String(p.getInputStream().readAllBytes()).trim();
        return Long.parseLong(out.split("\\s+")[0]) / 1024.0;
    }

    private static double apparentMb(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            long total = 0;
            for (final Path f : (Iterable<Path>)files::iterator)
            {
                total += Files.size(f);
            }
            return total / 1024.0 / 1024.0;
        }
    }
}
