package io.stockring.bench;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.request.CommandRequests;
import io.stockring.engine.CommandCallback;
import io.stockring.engine.CommandSlot;
import io.stockring.engine.EngineConfig;
import io.stockring.engine.StockEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In-process engine throughput: ring + journal (+ fsync per batch in SYNC) + ledger + replier,
 * for reserve-then-release pairs on {@code skus} SKUs at one location.
 *
 * <pre>
 *   benchmark thread                 engine threads
 *   ----------------                 --------------------------------------------
 *   K x reserve  --submit-->  ring --> journaler --> writer (ledger) --> replier
 *   wait until K callbacks                                               |  stores ids,
 *   K x release  --submit-->  ring --> ...                               |  counts down
 *   wait until K callbacks   <-----------------------------------------------+
 * </pre>
 *
 * One invocation is {@value #PAIRS} reserves then the {@value #PAIRS} releases of their
 * reservations: {@code 2 * PAIRS} commands, each with its own request id. The edge (validation,
 * content hash, request-id string) runs on the benchmark thread as it would on a gRPC thread.
 * A timer tick purges idempotency and reservation records 500 ms after use. Any command that is
 * not OK is counted and fails the trial in {@link #tearDown()}, which also runs the ledger
 * verifier and requires nothing to be left reserved.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class EngineThroughputBenchmark extends ChronicleForkedBenchmark
{
    /** Reserves (then releases) per invocation. */
    static final int PAIRS = 4096;
    private static final int SETUP_CHUNK = 5_000;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Param({"100000"})
    public int skus;

    @Param({"UNIFORM", "HOT"})
    public Distribution distribution;

    @Param({"ASYNC", "SYNC"})
    public Durability durability;

    @Param({"PARKING"})
    public EngineConfig.WaitStrategyKind waitStrategy;

    private Path dir;
    private StockEngine engine;
    private CommandRequests edgeOnly;
    private String[] skuCodes;
    private int[] picks;
    private int pickCursor;
    private long requestCounter;

    private final CommandSlot template = new CommandSlot();
    private final String[] lineSkus = new String[1];
    private final String[] lineLocations = {BenchConfigs.LOCATION};
    private final long[] lineQuantities = {1};
    private final long[] reservationIds = new long[PAIRS];
    private final CommandCallback[] reserveCallbacks = new CommandCallback[PAIRS];
    private final CommandCallback releaseCallback = this::onRelease;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    private long iterationStartCommands;
    private long iterationStartBusyNanos;
    private long iterationStartBatches;
    private long iterationStartFsyncs;
    private long iterationStartFsyncNanos;
    private long iterationStartCpuNanos;
    private long iterationStartWallNanos;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws Exception
    {
        skuCodes = new String[skus];
        for (int i = 0; i < skus; i++)
        {
            skuCodes[i] = BenchConfigs.sku(i);
        }
        picks = distribution.picks(skus, 42);
        if (params.getBenchmark().endsWith(".baseline"))
        {
            edgeOnly = new CommandRequests(new Catalog());
            return;
        }
        dir = TempDirs.create("stockring-bench-engine-");
        engine = StockEngine.start(BenchConfigs.engine(dir.resolve("data"), durability).waitStrategy(waitStrategy));
        for (int i = 0; i < PAIRS; i++)
        {
            final int index = i;
            reserveCallbacks[i] = slot -> onReserve(index, slot);
        }

        expectOk(engine.upsertLocation("setup-location", BenchConfigs.LOCATION, "Bench warehouse",
            LocationKind.CENTRAL_WAREHOUSE, null).get(60, TimeUnit.SECONDS), "upsert location");
        final List<CompletableFuture<Outcome>> inFlight = new ArrayList<>(SETUP_CHUNK);
        for (int i = 0; i < skus; i++)
        {
            inFlight.add(engine.upsertItem("setup-item-" + i, skuCodes[i], "Bench item " + i, "bench"));
            if (inFlight.size() == SETUP_CHUNK || i == skus - 1)
            {
                awaitAll(inFlight, "upsert item");
            }
        }
        for (int i = 0; i < skus; i++)
        {
            final long stock = i == 0 ? BenchConfigs.HOT_STOCK : BenchConfigs.STOCK;
            inFlight.add(engine.receive("setup-receive-" + i, skuCodes[i], BenchConfigs.LOCATION, stock));
            if (inFlight.size() == SETUP_CHUNK || i == skus - 1)
            {
                awaitAll(inFlight, "receive");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(2 * PAIRS)
    public long reserveThenRelease()
    {
        pending.set(PAIRS);
        for (int i = 0; i < PAIRS; i++)
        {
            lineSkus[0] = skuCodes[picks[pickCursor++ & (Distribution.PICKS - 1)]];
            final ResultCode rc = engine.requests().reserve(template, nextRequestId(), BenchConfigs.CHANNEL, lineSkus,
                lineLocations, lineQuantities, 1, BenchConfigs.REQUEST_RETENTION_MS);
            if (rc != ResultCode.OK)
            {
                throw new IllegalStateException("reserve rejected at the edge: " + rc);
            }
            publish(reserveCallbacks[i]);
        }
        awaitPending();

        int releases = 0;
        for (int i = 0; i < PAIRS; i++)
        {
            if (reservationIds[i] > 0)
            {
                releases++;
            }
        }
        pending.set(releases);
        for (int i = 0; i < PAIRS; i++)
        {
            if (reservationIds[i] <= 0)
            {
                continue;
            }
            final ResultCode rc = engine.requests().release(template, nextRequestId(), reservationIds[i]);
            if (rc != ResultCode.OK)
            {
                throw new IllegalStateException("release rejected at the edge: " + rc);
            }
            publish(releaseCallback);
        }
        awaitPending();
        return requestCounter;
    }

    /**
     * The benchmark thread's own share of {@link #reserveThenRelease()}: the edge work (request-id
     * string, validation, content hash) for the same commands, nothing published. On two cores
     * this thread competes with the engine's three stage threads for CPU.
     */
    @Benchmark
    @OperationsPerInvocation(2 * PAIRS)
    public long baseline()
    {
        long sum = 0;
        for (int i = 0; i < PAIRS; i++)
        {
            lineSkus[0] = skuCodes[picks[pickCursor++ & (Distribution.PICKS - 1)]];
            edgeOnly.reserve(template, nextRequestId(), BenchConfigs.CHANNEL, lineSkus, lineLocations, lineQuantities, 1,
                BenchConfigs.REQUEST_RETENTION_MS);
            sum += template.contentHash;
        }
        for (int i = 0; i < PAIRS; i++)
        {
            edgeOnly.release(template, nextRequestId(), requestCounter);
            sum += template.contentHash;
        }
        return sum;
    }

    private String nextRequestId()
    {
        return "b-" + requestCounter++;
    }

    /** Never blocks in the engine: a full ring is retried after a yield. */
    private void publish(final CommandCallback callback)
    {
        ResultCode rc;
        while ((rc = engine.submit(template, callback)) == ResultCode.RING_FULL)
        {
            Thread.yield();
        }
        if (rc != ResultCode.OK)
        {
            throw new IllegalStateException("submit refused: " + rc);
        }
    }

    private void awaitPending()
    {
        final long start = System.nanoTime();
        int spins = 0;
        while (pending.get() != 0)
        {
            if (++spins < 100)
            {
                Thread.onSpinWait();
                continue;
            }
            Thread.yield();
            if ((spins & 0xFFF) == 0 && System.nanoTime() - start > STALL_NANOS)
            {
                throw new IllegalStateException("engine stalled: " + pending.get() + " commands without a reply " +
                    "after 60 s; healthy=" + engine.isHealthy() + " ringRemaining=" + engine.ringRemainingCapacity());
            }
        }
    }

    /** Replier thread. */
    private void onReserve(final int index, final CommandSlot slot)
    {
        if (slot.result == ResultCode.OK)
        {
            reservationIds[index] = slot.resultValue;
        }
        else
        {
            reservationIds[index] = 0;
            fail(slot);
        }
        pending.decrementAndGet();
    }

    /** Replier thread. */
    private void onRelease(final CommandSlot slot)
    {
        if (slot.result != ResultCode.OK)
        {
            fail(slot);
        }
        pending.decrementAndGet();
    }

    private void fail(final CommandSlot slot)
    {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, slot.type + " " + slot.requestId() + " -> " + slot.result);
    }

    @Setup(Level.Iteration)
    public void startIteration()
    {
        if (engine == null)
        {
            return;
        }
        iterationStartCommands = engine.stateMachine().commandsApplied();
        iterationStartBusyNanos = engine.writerBusyNanos();
        iterationStartBatches = engine.writerBatches();
        iterationStartFsyncs = engine.journal().fsyncCount();
        iterationStartFsyncNanos = engine.journal().fsyncNanosTotal();
        iterationStartCpuNanos = processCpuNanos();
        iterationStartWallNanos = System.nanoTime();
    }

    /** CPU time of this JVM (every thread: benchmark, engine stages, GC, JIT); -1 where the JVM does not say. */
    private static long processCpuNanos()
    {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /**
     * Prints where the time went in this iteration: the CPU time of the whole JVM per command and
     * the cores it kept busy (on a machine with two cores, a JVM at 2.0 is bound by CPU, not by
     * any one stage), the writer's busy time per command (the ledger cost inside the engine), the
     * mean ring batch and the fsyncs. Read racily from the engine's counters, which is fine for a
     * report.
     */
    @TearDown(Level.Iteration)
    public void reportIteration()
    {
        if (engine == null)
        {
            return;
        }
        final long commands = engine.stateMachine().commandsApplied() - iterationStartCommands;
        final long busy = engine.writerBusyNanos() - iterationStartBusyNanos;
        final long batches = engine.writerBatches() - iterationStartBatches;
        final long fsyncs = engine.journal().fsyncCount() - iterationStartFsyncs;
        final long fsyncNanos = engine.journal().fsyncNanosTotal() - iterationStartFsyncNanos;
        final long cpu = processCpuNanos() - iterationStartCpuNanos;
        final long wall = System.nanoTime() - iterationStartWallNanos;
        System.out.printf("%n[engine] commands=%d cpu=%.0f ns/cmd cores=%.2f writerBusy=%.0f ns/cmd meanBatch=%.0f " +
                "cmds fsyncs=%d meanFsync=%.0f us failures=%d%n", commands,
            commands == 0 ? 0.0 : (double)cpu / commands, (double)cpu / wall,
            commands == 0 ? 0.0 : (double)busy / commands,
            batches == 0 ? 0.0 : (double)commands / batches, fsyncs, fsyncs == 0 ? 0.0 : fsyncNanos / 1e3 / fsyncs,
            failures.get());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception
    {
        try
        {
            if (engine != null)
            {
                final LedgerVerifier.Report report = engine.verify().get(120, TimeUnit.SECONDS);
                System.out.println("[engine] " + report);
                if (failures.get() > 0)
                {
                    throw new IllegalStateException(failures.get() + " command(s) failed; first: " + firstFailure.get());
                }
                if (!report.isClean() || report.totalReserved() != 0)
                {
                    throw new IllegalStateException("ledger not clean after the run: " + report);
                }
            }
        }
        finally
        {
            try
            {
                if (engine != null)
                {
                    engine.close();
                }
            }
            finally
            {
                TempDirs.delete(dir);
            }
        }
    }

    private static void awaitAll(final List<CompletableFuture<Outcome>> futures, final String what) throws Exception
    {
        for (final CompletableFuture<Outcome> f : futures)
        {
            expectOk(f.get(60, TimeUnit.SECONDS), what);
        }
        futures.clear();
    }

    private static void expectOk(final Outcome outcome, final String what)
    {
        if (!outcome.isOk())
        {
            throw new IllegalStateException("set-up " + what + " failed: " + outcome);
        }
    }
}
