package io.stockring.bench;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.ScanPace;
import io.stockring.core.ledger.StockEntry;
import io.stockring.engine.EngineConfig;
import io.stockring.engine.StockEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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

/**
 * What reading all stock costs off the writer thread: the metrics scan and the planner's reads go
 * through {@link Ledger#forEachStockConcurrent} (every entry copied and checksum-checked; {@link
 * #pointReads} is the way the metrics scan read before), and opening the ledger fills the
 * directory that scan walks. The catalog has {@code items} items at
 * {@code locations} locations, stock at the first location only (a sparse catalog, as programmes
 * with many stores have).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StockScanBenchmark extends ChronicleForkedBenchmark
{
    private static final int SETUP_CHUNK = 5_000;

    @Param({"100000"})
    public int items;

    @Param({"10"})
    public int locations;

    private Path dir;
    private Path ledgerDir;
    private LedgerCapacity capacity;
    private Ledger ledger;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws Exception
    {
        dir = TempDirs.create("stockring-bench-scan-");
        capacity = new LedgerCapacity((long)items * locations + 64, locations + 16, items + 1024L, 100_000,
            4L * items + 1024);
        final EngineConfig config = new EngineConfig().dataDir(dir).durability(Durability.ASYNC).capacity(capacity);
        try (StockEngine engine = StockEngine.start(config))
        {
            final List<CompletableFuture<Outcome>> inFlight = new ArrayList<>();
            for (int l = 0; l < locations; l++)
            {
                inFlight.add(engine.upsertLocation("setup-location-" + l, "L" + l, "Location " + l,
                    LocationKind.STORE, null));
            }
            await(inFlight);
            for (int i = 0; i < items; i++)
            {
                inFlight.add(engine.upsertItem("setup-item-" + i, BenchConfigs.sku(i), "Item " + i, "bench"));
                if (inFlight.size() == SETUP_CHUNK)
                {
                    await(inFlight);
                }
            }
            await(inFlight);
            for (int i = 0; i < items; i++)
            {
                inFlight.add(engine.receive("setup-receive-" + i, BenchConfigs.sku(i), "L0", 10));
                if (inFlight.size() == SETUP_CHUNK)
                {
                    await(inFlight);
                }
            }
            await(inFlight);
        }
        ledgerDir = config.ledgerDir();
        if (!params.getBenchmark().endsWith(".open"))
        {
            ledger = Ledger.open(ledgerDir, capacity, false);
        }
    }

    private static void await(final List<CompletableFuture<Outcome>> inFlight) throws Exception
    {
        for (final CompletableFuture<Outcome> f : inFlight)
        {
            final Outcome o = f.get(60, TimeUnit.SECONDS);
            if (o.code() != ResultCode.OK)
            {
                throw new IllegalStateException("set-up command failed: " + o);
            }
        }
        inFlight.clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception
    {
        if (ledger != null)
        {
            ledger.close();
        }
        TempDirs.delete(dir);
    }

    /** One pass over every stock entry, as the metrics scan makes every 15 s. */
    @Benchmark
    public long scan()
    {
        final long[] onHand = new long[1];
        ledger.forEachStockConcurrent(e -> onHand[0] += e.onHand, ScanPace.FULL_SPEED);
        if (onHand[0] != 10L * items)
        {
            throw new IllegalStateException("scanned " + onHand[0] + " units, expected " + 10L * items);
        }
        return onHand[0];
    }

    /**
     * The same totals by one point read per (item, location) pair of the catalog, the way the
     * metrics scan worked until session 7: the cost follows items x locations, not the entries.
     */
    @Benchmark
    public long pointReads()
    {
        final StockEntry e = new StockEntry();
        long onHand = 0;
        for (int item = 1; item <= items; item++)
        {
            for (int location = 1; location <= locations; location++)
            {
                if (ledger.readStock(item, location, e))
                {
                    onHand += e.onHand;
                }
            }
        }
        if (onHand != 10L * items)
        {
            throw new IllegalStateException("read " + onHand + " units, expected " + 10L * items);
        }
        return onHand;
    }

    /** Opening the ledger after a clean stop: the maps, the record rings' indexes and the stock directory. */
    @Benchmark
    public long open() throws Exception
    {
        try (Ledger opened = Ledger.open(ledgerDir, capacity, false))
        {
            return opened.capacity().stockEntries();
        }
    }
}
