package io.stockring.bench.planner;

import io.stockring.core.command.Command;
import io.stockring.planner.LedgerGateway;
import io.stockring.planner.PlanResult;
import io.stockring.planner.Planner;
import io.stockring.planner.PlannerConfig;
import io.stockring.planner.history.HistoryStore;
import picocli.CommandLine;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The planner's scale target: a full run over N series of D days of history (default 100,000 x
 * 730) must finish within 2 minutes on this 2-core machine with bounded memory. Generates the
 * history once in a DuckDB file (kept for reruns), then times one full planning run against an
 * in-memory ledger stand-in that answers every command at once, so the figure is the planner's
 * own cost (history scan, forecasts with backtests, policies, suggestions, KPIs).
 *
 * <pre>
 *   ./stockring bench planner --series 100000 --days 730 --db bench/results/planner-history.duckdb
 * </pre>
 */
@CommandLine.Command(name = "stockring bench planner", mixinStandardHelpOptions = true,
    description = "Time one full planning run over a generated history.")
public final class PlannerScaleMain implements Callable<Integer>
{
    @CommandLine.Option(names = "--series", description = "series (sku x location) to plan, default ${DEFAULT-VALUE}")
    int series = 100_000;

    @CommandLine.Option(names = "--days", description = "days of history per series, default ${DEFAULT-VALUE}")
    int days = 730;

    @CommandLine.Option(names = "--locations", description = "locations per sku, default ${DEFAULT-VALUE}")
    int locationsPerSku = 10;

    @CommandLine.Option(names = "--db", description = "DuckDB file for the generated history, default ${DEFAULT-VALUE}")
    Path db = Path.of("bench/results/planner-history.duckdb");

    @CommandLine.Option(names = "--threads", description = "forecasting threads, default: the cores")
    int threads = Runtime.getRuntime().availableProcessors();

    @CommandLine.Option(names = "--scan-only", description = "Only time reading the history (no planning).")
    boolean scanOnly;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new PlannerScaleMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        if (series < locationsPerSku || days < 28)
        {
            System.err.println("stockring bench planner: --series must be >= --locations and --days >= 28");
            return 2;
        }
        Files.createDirectories(db.toAbsolutePath().getParent());
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final int skus = series / locationsPerSku;
        try (HistoryStore store = HistoryStore.open(db))
        {
            final long existing = store.count("SELECT count(DISTINCT (sku, location)) FROM demand");
            if (existing != series)
            {
                final long t0 = System.nanoTime();
                store.execute("DELETE FROM demand");
                // Three kinds of series, as gifts are: smooth with a weekly and a month-end peak,
                // intermittent (a redemption every few days), and lumpy (rare, in bursts).
                store.execute(String.format(Locale.ROOT, "INSERT INTO demand SELECT DATE '%s' + d::INTEGER, " +
                    "'SKU' || (s // %d), 'L' || (s %% %d), q, 0, NULL, 'bench' FROM (SELECT s, d, CASE s %% 3 " +
                    "WHEN 0 THEN greatest(0, round((6 + 2 * (isodow(DATE '%s' + d::INTEGER) >= 6)::INT + 4 * " +
                    "(dayofmonth(DATE '%s' + d::INTEGER) >= 27)::INT) * (0.7 + 0.6 * random()))) WHEN 1 THEN " +
                    "(random() < 0.25)::INT * (1 + floor(random() * 3)) ELSE (random() < 0.05)::INT * " +
                    "(1 + floor(random() * 20)) END AS q FROM range(0, %d) t(s), range(0, %d) u(d)) WHERE q > 0",
                    today.minusDays(days), locationsPerSku, locationsPerSku, today.minusDays(days),
                    today.minusDays(days), series, days));
                System.out.printf(Locale.ROOT, "generated %d demand rows for %d series x %d days in %.1f s%n",
                    store.count("SELECT count(*) FROM demand"), series, days, (System.nanoTime() - t0) / 1e9);
            }
            if (scanOnly)
            {
                final long s0 = System.nanoTime();
                final long[] n = new long[2];
                store.forEachSeries(today.minusDays(days), days, (sku, location, demand) ->
                {
                    n[0]++;
                    n[1] += demand.length;
                });
                System.out.printf(Locale.ROOT, "history scan: %d series (%d days) in %.1f s%n", n[0], n[1],
                    (System.nanoTime() - s0) / 1e9);
                return 0;
            }
            final Planner planner = new Planner(PlannerConfig.defaults(ZoneOffset.UTC).withWorkerThreads(threads),
                store, new StubLedger(skus, locationsPerSku), Clock.systemUTC());
            System.gc();
            final long t0 = System.nanoTime();
            final PlanResult r = planner.run(Planner.Mode.APPLY);
            final double seconds = (System.nanoTime() - t0) / 1e9;
            final long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            final long maxHeapMb = Runtime.getRuntime().maxMemory() >> 20;
            System.out.printf(Locale.ROOT, "planning run: %d series x %d days in %.1f s on %d threads " +
                "(heap used after %d MiB of max %d MiB)%n", r.series().size(), days, seconds, threads, heapMb,
                maxHeapMb);
            r.phaseSeconds().forEach((phase, s) -> System.out.printf(Locale.ROOT, "  %-32s %6.1f s%n", phase, s));
            System.out.printf(Locale.ROOT, "  policies pushed %d, purchases %d, transfers %d, overstock %d%n",
                r.policiesPushed(), r.purchases().size(), r.transfers().size(), r.overstock().size());
            System.out.printf(Locale.ROOT, "  backtest: MASE %.3f vs seasonal naive %.3f, WAPE %.3f vs %.3f, " +
                "baseline used for %d series%n", r.accuracy().mase(), r.accuracy().baselineMase(), r.accuracy().wape(),
                r.accuracy().baselineWape(), r.accuracy().baselineUsed());
            final long f0 = System.nanoTime();
            planner.forecast("SKU0", "L0");
            System.out.printf(Locale.ROOT, "  one series on demand (GetForecast, the report's plots): %.1f ms%n",
                (System.nanoTime() - f0) / 1e6);
            System.out.printf(Locale.ROOT, "  target: 100,000 x 730 within 120 s: %s%n",
                series >= 100_000 && days >= 730 ? (seconds <= 120 ? "MET" : "NOT MET") : "not the target size");
            return 0;
        }
    }

    /** A ledger of {@code skus x locations} entries that accepts every command at once. */
    private static final class StubLedger implements LedgerGateway
    {
        private final int skus;
        private final int locations;

        StubLedger(final int skus, final int locations)
        {
            this.skus = skus;
            this.locations = locations;
        }

        @Override
        public List<Location> locations()
        {
            final List<Location> out = new ArrayList<>();
            out.add(new Location("L0", "", Location.Kind.CENTRAL_WAREHOUSE));
            for (int l = 1; l < locations; l++)
            {
                out.add(l <= 3 ? new Location("L" + l, "L0", Location.Kind.REGIONAL_WAREHOUSE) :
                    new Location("L" + l, "L" + (1 + l % 3), Location.Kind.STORE));
            }
            return out;
        }

        @Override
        public List<Item> items()
        {
            final List<Item> out = new ArrayList<>(skus);
            for (int s = 0; s < skus; s++)
            {
                out.add(new Item("SKU" + s, "gift " + s, "cat" + (s % 50)));
            }
            return out;
        }

        @Override
        public void forEachLevel(final Consumer<Level> visitor)
        {
            final long nowMs = System.currentTimeMillis();
            for (int s = 0; s < skus; s++)
            {
                for (int l = 0; l < locations; l++)
                {
                    // Last outbound 0 to 399 days ago: some entries are stale, most are not.
                    final long lastOutboundMs = nowMs - ((s * 31L + l * 17L) % 400) * 86_400_000L;
                    visitor.accept(new Level("SKU" + s, "L" + l, 40 + (s * 7 + l * 13) % 120, 0, 0, 0, 0,
                        lastOutboundMs));
                }
            }
        }

        @Override
        public CompletableFuture<String> setPolicy(final String requestId, final String sku, final String location,
            final long safetyStock, final long reorderPoint)
        {
            return CompletableFuture.completedFuture("OK");
        }

        @Override
        public CompletableFuture<String> transfer(final String requestId, final String sku, final String from,
            final String to, final long quantity)
        {
            return CompletableFuture.completedFuture("OK");
        }
    }
}
