package io.stockring.planner;

import io.stockring.planner.forecast.CalendarEvent;
import io.stockring.planner.forecast.DemandPattern;
import io.stockring.planner.forecast.DemandSeries;
import io.stockring.planner.forecast.Drivers;
import io.stockring.planner.forecast.ForecastResult;
import io.stockring.planner.forecast.Forecaster;
import io.stockring.planner.history.HistoryStore;
import io.stockring.planner.history.ItemMaster;
import io.stockring.planner.policy.AbcClass;
import io.stockring.planner.policy.Allocation;
import io.stockring.planner.policy.Allocator;
import io.stockring.planner.policy.AbcClassification;
import io.stockring.planner.policy.AbcClassifier;
import io.stockring.planner.policy.DemandStats;
import io.stockring.planner.policy.InventoryPosition;
import io.stockring.planner.policy.ItemActivity;
import io.stockring.planner.policy.ItemEconomics;
import io.stockring.planner.policy.KpiReport;
import io.stockring.planner.policy.Kpis;
import io.stockring.planner.policy.LocationKind;
import io.stockring.planner.policy.LocationStock;
import io.stockring.planner.policy.OverstockCandidate;
import io.stockring.planner.policy.OverstockDetector;
import io.stockring.planner.policy.OverstockFinding;
import io.stockring.planner.policy.PolicyCalculator;
import io.stockring.planner.policy.PurchaseSuggester;
import io.stockring.planner.policy.PurchaseSuggestion;
import io.stockring.planner.policy.Rebalancer;
import io.stockring.planner.policy.RedemptionValue;
import io.stockring.planner.policy.StockPolicy;
import io.stockring.planner.policy.TransferSuggestion;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One planning run, end to end:
 *
 * <pre>
 *   history (DuckDB) --stream--> forecast per series (SeriesForecaster, N threads) --> ABC by item value
 *        --> policy per (sku, location) --SetPolicy--> ledger (alert levels follow at once)
 *        --> purchases per item (network position vs reorder point)
 *        --> transfers per item (Rebalancer) --Transfer--> ledger (automatic mode only)
 *        --> overstock findings, KPIs, accuracy against the seasonal-naive baseline
 * </pre>
 *
 * Runs never overlap (the method is synchronized); the latest result is published whole for
 * readers. The planner never touches ledger memory: it reads through the gateway and writes
 * only commands, which the engine validates like any other.
 */
public final class Planner
{
    private static final long COMMAND_TIMEOUT_SECONDS = 30;
    private static final int COMMANDS_IN_FLIGHT = 512;
    /** The method name of a series with stock but no demand history in the window. */
    public static final String NO_HISTORY = "no-history";

    private final PlannerConfig config;
    private final HistoryStore history;
    private final LedgerGateway ledger;
    private final Clock clock;
    private final PolicyCalculator policies;
    private final AtomicReference<PlanResult> latest = new AtomicReference<>(PlanResult.empty());
    private final AtomicLong runs = new AtomicLong();

    public Planner(final PlannerConfig config, final HistoryStore history, final LedgerGateway ledger,
        final Clock clock)
    {
        this.config = config;
        this.history = history;
        this.ledger = ledger;
        this.clock = clock;
        this.policies = new PolicyCalculator(config.policy());
    }

    public PlannerConfig config()
    {
        return config;
    }

    public PlanResult latest()
    {
        return latest.get();
    }

    public LocalDate today()
    {
        return LocalDate.ofInstant(clock.instant(), config.zone());
    }

    /** What a run may do to the ledger. */
    public enum Mode
    {
        /** Push policies (and transfers in automatic mode). */
        APPLY,
        /** Decide and report only. */
        DRY_RUN
    }

    // ------------------------------------------------------------------ the run

    public synchronized PlanResult run(final Mode mode)
    {
        final Instant started = clock.instant();
        final long startNs = System.nanoTime();
        final String runId = Long.toString(started.toEpochMilli(), 36) + "-" + runs.incrementAndGet();
        final List<String> warnings = new ArrayList<>();
        final LocalDate today = today();
        final LocalDate from = today.minusDays(config.historyDays());

        final Map<String, LedgerGateway.Location> locations = new HashMap<>();
        ledger.locations().forEach(l -> locations.put(l.code(), l));
        final Map<String, LedgerGateway.Level> levels = new HashMap<>();
        ledger.forEachLevel(l -> levels.put(HistoryStore.seriesKey(l.sku(), l.location()), l));
        final Map<String, ItemEconomics> economics = economics(warnings);
        final List<CalendarEvent> events = calendar();
        final Map<LocalDate, Long> expiry = history.expiryByDay();

        final Map<String, Double> phases = new LinkedHashMap<>();
        long mark = System.nanoTime();
        final Map<String, SeriesPlan> series = new SeriesForecaster(config, history).forecastAll(from, today,
            economics, events, expiry);
        mark = phase(phases, "read and forecast", mark, startNs);
        for (final LedgerGateway.Level level : levels.values())
        {
            // Entries with stock but no demand yet still get a policy (zero demand) and a place in the plan.
            series.computeIfAbsent(HistoryStore.seriesKey(level.sku(), level.location()), k -> new SeriesPlan(
                level.sku(), level.location(), DemandPattern.INTERMITTENT, NO_HISTORY,
                false, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, config.historyDays(), null));
        }

        final AbcClassification abc = classify(series, economics);
        final Map<String, AbcClass> abcBySku = new HashMap<>();
        for (final String sku : economics.keySet())
        {
            abcBySku.put(sku, abc.classOf(sku));
        }
        for (final Map.Entry<String, SeriesPlan> e : series.entrySet())
        {
            final SeriesPlan p = e.getValue();
            final ItemEconomics item = economics.get(p.sku());
            if (item != null)
            {
                e.setValue(p.withPolicy(policies.calculate(p.location(), item, stats(p), abc.classOf(p.sku()))));
            }
        }

        mark = phase(phases, "classes and policies", mark, 0);
        final long pushed = mode == Mode.APPLY && ledger.writable() ? pushPolicies(runId, series, levels, warnings) : 0;
        mark = phase(phases, "push policies", mark, 0);
        final List<PurchaseSuggestion> purchases = purchases(series, levels, locations, economics, abc);
        final List<PlanResult.IssuedTransfer> transfers = transfers(runId, mode, series, levels, locations, warnings);
        final List<OverstockFinding> overstock = overstock(series, levels, economics, warnings);
        mark = phase(phases, "purchases, transfers, overstock", mark, 0);
        final KpiReport kpis = programmeKpis(levels, economics, today, config.kpiWindowDays());
        phase(phases, "KPIs", mark, 0);

        final PlanResult result = new PlanResult(runId, started, (System.nanoTime() - startNs) / 1e9, today,
            Map.copyOf(series), Map.copyOf(abcBySku), List.copyOf(purchases), List.copyOf(transfers),
            List.copyOf(overstock), kpis, accuracy(series), pushed, List.copyOf(warnings),
            Collections.unmodifiableMap(phases));
        latest.set(result);
        return result;
    }

    /** Records the seconds since {@code fromNs} (or since {@code startNs} when given) under {@code name}. */
    private static long phase(final Map<String, Double> phases, final String name, final long fromNs,
        final long startNs)
    {
        final long now = System.nanoTime();
        phases.put(name, (now - (startNs != 0 ? startNs : fromNs)) / 1e9);
        return now;
    }

    private static DemandStats stats(final SeriesPlan p)
    {
        return DemandStats.of(p.meanDailyDemand(), p.sigmaDailyDemand(), Math.max(p.maxDailyDemand(),
            p.meanDailyDemand()));
    }

    // ------------------------------------------------------------------ inputs

    private Map<String, ItemEconomics> economics(final List<String> warnings)
    {
        final Map<String, ItemMaster> master = history.items();
        final Map<String, ItemEconomics> out = new HashMap<>();
        int defaulted = 0;
        for (final LedgerGateway.Item item : ledger.items())
        {
            ItemMaster m = master.get(item.sku());
            if (m == null)
            {
                defaulted++;
                m = ItemMaster.defaults(item.sku(), item.name(), item.category());
            }
            out.put(item.sku(), economicsOf(m, item.category()));
        }
        if (defaulted > 0)
        {
            warnings.add(defaulted + " items have no row in the item file: default economics used (unit cost 1, " +
                "lead time 7 days); import items to plan them properly");
        }
        return out;
    }

    private static ItemEconomics economicsOf(final ItemMaster m, final String catalogCategory)
    {
        final String category = m.category() == null || m.category().isBlank() ?
            (catalogCategory == null || catalogCategory.isBlank() ? "uncategorised" : catalogCategory) : m.category();
        return new ItemEconomics(m.sku(), m.unitCost(), m.pointsPrice(), category, m.leadTimeDays(),
            m.leadTimeSdDays(), m.orderingCost(), m.holdingCostRate(), m.minOrder(), m.orderMultiple());
    }

    /** The event calendar; events without a multiplier take their kind's configured default in the forecast. */
    private List<CalendarEvent> calendar()
    {
        return history.calendar();
    }

    // ------------------------------------------------------------------ decisions

    private AbcClassification classify(final Map<String, SeriesPlan> series, final Map<String, ItemEconomics> items)
    {
        final Map<String, Double> units = new HashMap<>();
        series.values().forEach(p -> units.merge(p.sku(), p.demandLastYearUnits(), Double::sum));
        final List<RedemptionValue> values = new ArrayList<>();
        for (final ItemEconomics item : items.values())
        {
            values.add(new RedemptionValue(item.sku(), units.getOrDefault(item.sku(), 0.0) * item.unitCost()));
        }
        return new AbcClassifier(config.policy()).classify(values);
    }

    /** Pushes each entry's new thresholds, only where they changed, a bounded number in flight. */
    private long pushPolicies(final String runId, final Map<String, SeriesPlan> series,
        final Map<String, LedgerGateway.Level> levels, final List<String> warnings)
    {
        final List<CompletableFuture<String>> inFlight = new ArrayList<>();
        long pushed = 0;
        long failed = 0;
        int n = 0;
        for (final Map.Entry<String, SeriesPlan> e : series.entrySet())
        {
            final StockPolicy p = e.getValue().policy();
            final LedgerGateway.Level level = levels.get(e.getKey());
            // No history, no opinion: thresholds an operator set by hand stay until demand is seen.
            if (p == null || level == null || NO_HISTORY.equals(e.getValue().method()) ||
                (level.safetyStock() == p.safetyStockUnits() &&
                level.reorderPoint() == p.reorderPointUnits()))
            {
                continue;
            }
            inFlight.add(ledger.setPolicy("plan-" + runId + "-p" + (n++), p.sku(), p.location(),
                p.safetyStockUnits(), p.reorderPointUnits()));
            if (inFlight.size() >= COMMANDS_IN_FLIGHT)
            {
                final long ok = await(inFlight);
                pushed += ok;
                failed += inFlight.size() - ok;
                inFlight.clear();
            }
        }
        final long ok = await(inFlight);
        pushed += ok;
        failed += inFlight.size() - ok;
        if (failed > 0)
        {
            warnings.add(failed + " SetPolicy commands were not applied (see the server log); the next run retries");
        }
        return pushed;
    }

    private static long await(final List<CompletableFuture<String>> futures)
    {
        long ok = 0;
        for (final CompletableFuture<String> f : futures)
        {
            if ("OK".equals(outcome(f)))
            {
                ok++;
            }
        }
        return ok;
    }

    private static String outcome(final CompletableFuture<String> f)
    {
        try
        {
            return f.get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "INTERRUPTED";
        }
        catch (final ExecutionException | TimeoutException e)
        {
            return e.getClass().getSimpleName();
        }
    }

    /**
     * Purchases are decided per item for the whole network (suppliers deliver to the central
     * warehouse; transfers spread the goods): the network's inventory position against a policy
     * built from the summed demand of all its locations.
     */
    private List<PurchaseSuggestion> purchases(final Map<String, SeriesPlan> series,
        final Map<String, LedgerGateway.Level> levels, final Map<String, LedgerGateway.Location> locations,
        final Map<String, ItemEconomics> economics, final AbcClassification abc)
    {
        final String central = locations.values().stream()
            .filter(l -> l.kind() == LedgerGateway.Location.Kind.CENTRAL_WAREHOUSE)
            .map(LedgerGateway.Location::code).sorted().findFirst().orElse("network");
        final Map<String, double[]> demandBySku = new HashMap<>();
        for (final SeriesPlan p : series.values())
        {
            final double[] d = demandBySku.computeIfAbsent(p.sku(), k -> new double[3]);
            d[0] += p.meanDailyDemand();
            d[1] += p.sigmaDailyDemand() * p.sigmaDailyDemand();
            d[2] += p.maxDailyDemand();
        }
        final Map<String, long[]> positionBySku = new HashMap<>();
        for (final LedgerGateway.Level l : levels.values())
        {
            final long[] p = positionBySku.computeIfAbsent(l.sku(), k -> new long[3]);
            p[0] += l.onHand();
            p[1] += l.inTransit();
            p[2] += l.reserved();
        }
        final PurchaseSuggester suggester = new PurchaseSuggester(config.policy());
        final List<PurchaseSuggestion> out = new ArrayList<>();
        for (final Map.Entry<String, double[]> e : demandBySku.entrySet())
        {
            final ItemEconomics item = economics.get(e.getKey());
            if (item == null)
            {
                continue;
            }
            final double[] d = e.getValue();
            final StockPolicy policy = policies.calculate(central, item,
                DemandStats.of(d[0], Math.sqrt(d[1]), Math.max(d[2], d[0])), abc.classOf(e.getKey()));
            final long[] p = positionBySku.getOrDefault(e.getKey(), new long[3]);
            suggester.suggest(policy, item, new InventoryPosition(p[0], p[1], 0, p[2])).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(PurchaseSuggestion::urgency).thenComparing(PurchaseSuggestion::sku));
        return out;
    }

    private List<PlanResult.IssuedTransfer> transfers(final String runId, final Mode mode,
        final Map<String, SeriesPlan> series, final Map<String, LedgerGateway.Level> levels,
        final Map<String, LedgerGateway.Location> locations, final List<String> warnings)
    {
        final Map<String, List<LocationStock>> bySku = new HashMap<>();
        for (final SeriesPlan p : series.values())
        {
            final LedgerGateway.Level level = levels.get(HistoryStore.seriesKey(p.sku(), p.location()));
            final LedgerGateway.Location location = locations.get(p.location());
            if (p.policy() == null || level == null || location == null)
            {
                continue;
            }
            bySku.computeIfAbsent(p.sku(), k -> new ArrayList<>()).add(LocationStock.of(parentOrNull(location.parent()),
                kindOf(location.kind()), p.policy(), level.available(),
                Math.round(p.projectedDemandUnits())));
        }
        final Rebalancer rebalancer = new Rebalancer(config.policy());
        final boolean issue = mode == Mode.APPLY && config.autoTransfers() && ledger.writable();
        final List<PlanResult.IssuedTransfer> out = new ArrayList<>();
        int n = 0;
        for (final Map.Entry<String, List<LocationStock>> e : bySku.entrySet())
        {
            for (final TransferSuggestion t : rebalancer.suggest(e.getKey(), e.getValue()))
            {
                if (issue)
                {
                    final String requestId = "plan-" + runId + "-t" + (n++);
                    final String outcome = outcome(ledger.transfer(requestId, t.sku(), t.fromLocation(),
                        t.toLocation(), t.quantityUnits()));
                    if (!"OK".equals(outcome))
                    {
                        warnings.add("transfer " + requestId + " of " + t.quantityUnits() + " " + t.sku() + " " +
                            t.fromLocation() + " -> " + t.toLocation() + " was refused: " + outcome);
                    }
                    out.add(new PlanResult.IssuedTransfer(t, requestId, outcome));
                }
                else
                {
                    out.add(new PlanResult.IssuedTransfer(t, "", ""));
                }
            }
        }
        out.sort(Comparator.comparing((PlanResult.IssuedTransfer t) -> t.suggestion().sku())
            .thenComparing(t -> t.suggestion().toLocation()));
        return out;
    }

    private List<OverstockFinding> overstock(final Map<String, SeriesPlan> series,
        final Map<String, LedgerGateway.Level> levels, final Map<String, ItemEconomics> economics,
        final List<String> warnings)
    {
        long unjudged = 0;
        final long nowMs = clock.millis();
        final List<OverstockCandidate> candidates = new ArrayList<>();
        final Map<String, String> popular = new HashMap<>();
        final Map<String, Double> popularValue = new HashMap<>();
        for (final SeriesPlan p : series.values())
        {
            final ItemEconomics item = economics.get(p.sku());
            if (item != null && p.demandLastYearUnits() > popularValue.getOrDefault(item.category(), 0.0))
            {
                popularValue.put(item.category(), p.demandLastYearUnits());
                popular.put(item.category(), p.sku());
            }
        }
        for (final LedgerGateway.Level level : levels.values())
        {
            final ItemEconomics item = economics.get(level.sku());
            if (item == null || level.onHand() <= 0)
            {
                continue;
            }
            final SeriesPlan p = series.get(HistoryStore.seriesKey(level.sku(), level.location()));
            if (level.lastOutboundMs() == 0 && (p == null || NO_HISTORY.equals(p.method())))
            {
                // Never shipped and no history: a new gift or a new location, not yet judgeable.
                unjudged++;
                continue;
            }
            final long ledgerIdleDays = level.lastOutboundMs() == 0 ? Long.MAX_VALUE :
                Math.max(0, (nowMs - level.lastOutboundMs()) / 86_400_000L);
            final long idleDays = Math.min(ledgerIdleDays, p == null ? config.historyDays() : p.daysSinceDemand());
            candidates.add(new OverstockCandidate(level.sku(), level.location(), item.category(), level.onHand(),
                item.unitCost(), item.pointsPrice(), p == null ? 0 : p.meanDailyDemand(), idleDays));
        }
        if (unjudged > 0)
        {
            warnings.add(unjudged + " entries hold stock but have never shipped and have no history: not judged " +
                "for overstock yet");
        }
        return new OverstockDetector(config.policy()).detect(candidates, popular);
    }

    // ------------------------------------------------------------------ KPIs and accuracy

    private KpiReport programmeKpis(final Map<String, LedgerGateway.Level> levels,
        final Map<String, ItemEconomics> economics, final LocalDate today, final int windowDays)
    {
        return kpisOf(null, levels.values(), economics, today, windowDays);
    }

    /** KPIs over the last {@code windowDays}: of one sku, or the programme ({@code sku == null}). */
    public KpiReport kpis(final String sku, final int windowDays)
    {
        final List<LedgerGateway.Level> levels;
        if (sku == null)
        {
            levels = new ArrayList<>();
            ledger.forEachLevel(levels::add);
        }
        else
        {
            levels = ledger.levelsOf(sku);
        }
        return kpisOf(sku, levels, economics(new ArrayList<>()), today(), windowDays);
    }

    private KpiReport kpisOf(final String sku, final Iterable<LedgerGateway.Level> levels,
        final Map<String, ItemEconomics> economics, final LocalDate today, final int windowDays)
    {
        final HistoryStore.WindowTotals totals = history.windowTotals(sku, today.minusDays(windowDays), today);
        final long staleAfterMs = config.policy().overstockNoOutboundDays() * 86_400_000L;
        final long nowMs = clock.millis();
        long stock = 0;
        long stale = 0;
        double stockValue = 0;
        double staleValue = 0;
        for (final LedgerGateway.Level l : levels)
        {
            final ItemEconomics item = economics.get(l.sku());
            final double cost = item == null ? 0 : item.unitCost();
            stock += l.onHand();
            stockValue += l.onHand() * cost;
            // As in the metrics: entries that never shipped are not "stale", they are new.
            if (l.lastOutboundMs() != 0 && nowMs - l.lastOutboundMs() >= staleAfterMs)
            {
                stale += l.onHand();
                staleValue += l.onHand() * cost;
            }
        }
        final double averageStock = totals.daysWithStock() > 0 ? totals.averageOnHandUnits() : stock;
        final long shipped = Math.round(totals.shippedUnits());
        final long refused = Math.round(totals.refusedUnits());
        // Demand in units stands in for requests: the history keeps units asked and refused per day.
        return Kpis.evaluate(new ItemActivity(sku == null ? "programme" : sku, shipped, averageStock,
            shipped + refused, refused, stock, stockValue, stale, staleValue), windowDays, config.policy());
    }

    private static PlanResult.Accuracy accuracy(final Map<String, SeriesPlan> series)
    {
        long n = 0;
        long used = 0;
        double mase = 0;
        double baseMase = 0;
        double err = 0;
        double baseErr = 0;
        double actual = 0;
        for (final SeriesPlan p : series.values())
        {
            if (p.baselineChosen())
            {
                used++;
            }
            if (Double.isFinite(p.mase()) && Double.isFinite(p.baselineMase()))
            {
                n++;
                mase += p.mase();
                baseMase += p.baselineMase();
            }
            err += p.backtestAbsError();
            baseErr += p.baselineAbsError();
            actual += p.backtestActual();
        }
        return new PlanResult.Accuracy(n, n == 0 ? Double.NaN : mase / n, n == 0 ? Double.NaN : baseMase / n,
            actual == 0 ? Double.NaN : err / actual, actual == 0 ? Double.NaN : baseErr / actual, used);
    }

    /** Adds every sku the ledger's catalog knows to {@code out} (what a history import accepts). */
    public void knownSkus(final Set<String> out)
    {
        ledger.items().forEach(i -> out.add(i.sku()));
    }

    // ------------------------------------------------------------------ on demand

    /** The demand history of one series over the planning window, or empty if it has none. */
    public Optional<DemandSeries> history(final String sku, final String location)
    {
        final LocalDate from = today().minusDays(config.historyDays());
        return history.series(sku, location, from, config.historyDays()).map(demand -> new DemandSeries(from, demand));
    }

    /** The calendar events that apply to one series (for the report's markers). */
    public List<CalendarEvent> eventsFor(final String sku, final String location)
    {
        return SeriesForecaster.applying(calendar(), sku, location, economics(new ArrayList<>()).get(sku));
    }

    /** Every entry's level now, keyed by {@code HistoryStore.seriesKey}. */
    public Map<String, LedgerGateway.Level> levelsNow()
    {
        final Map<String, LedgerGateway.Level> levels = new HashMap<>();
        ledger.forEachLevel(l -> levels.put(HistoryStore.seriesKey(l.sku(), l.location()), l));
        return levels;
    }

    /** Recomputes the forecast of one series from the history, as the last run did. */
    public Optional<ForecastResult> forecast(final String sku, final String location)
    {
        final Optional<DemandSeries> past = history(sku, location);
        if (past.isEmpty())
        {
            return Optional.empty();
        }
        final LocalDate today = today();
        final LocalDate from = past.get().start();
        final double[] demand = past.get().demand();
        final List<CalendarEvent> events = eventsFor(sku, location);
        final Map<LocalDate, Long> expiry = history.expiryByDay();
        final double[] pastExpiry = expiry.isEmpty() ? null : SeriesForecaster.expirySeries(expiry, from, demand.length);
        final double[] future = expiry.isEmpty() ? null : SeriesForecaster.expirySeries(expiry, today, config.forecast().horizonDays());
        // Forecasters keep scratch space: a fresh one per call, as callers are gRPC threads.
        return Optional.of(new Forecaster(config.forecast()).forecast(new DemandSeries(from, demand,
            Drivers.of(from, demand.length, events, pastExpiry)), Drivers.of(today, config.forecast().horizonDays(),
            events, future)));
    }

    /**
     * Spreads {@code quantity} of {@code sku} over the locations in proportion to the latest
     * run's forecast demand, keeping the central reserve at the central warehouse.
     *
     * @return empty when there is no central warehouse
     */
    public Optional<Allocation> allocate(final String sku, final long quantity)
    {
        final Optional<String> central = ledger.locations().stream()
            .filter(l -> l.kind() == LedgerGateway.Location.Kind.CENTRAL_WAREHOUSE)
            .map(LedgerGateway.Location::code).sorted().findFirst();
        if (central.isEmpty())
        {
            return Optional.empty();
        }
        final Map<String, Double> demand = new HashMap<>();
        for (final SeriesPlan p : latest.get().series().values())
        {
            if (p.sku().equals(sku) && !p.location().equals(central.get()))
            {
                demand.put(p.location(), p.meanDailyDemand());
            }
        }
        return Optional.of(new Allocator(config.policy()).allocate(sku, quantity, central.get(), demand));
    }

    /**
     * The real-time rule for A items: a location whose available stock fell to its reorder point
     * gets a transfer from its parent at once, up to its order-up-to level, as much as the parent
     * can spare. Returns the transfer issued, if any.
     */
    public Optional<PlanResult.IssuedTransfer> onLowStock(final String sku, final String location)
    {
        final PlanResult plan = latest.get();
        if (!config.realtimeATransfers() || !ledger.writable() || plan.abcBySku().get(sku) != AbcClass.A)
        {
            return Optional.empty();
        }
        final SeriesPlan store = plan.series().get(HistoryStore.seriesKey(sku, location));
        final Map<String, LedgerGateway.Location> locations = new HashMap<>();
        ledger.locations().forEach(l -> locations.put(l.code(), l));
        final LedgerGateway.Location here = locations.get(location);
        if (store == null || store.policy() == null || here == null || here.parent().isEmpty())
        {
            return Optional.empty();
        }
        final SeriesPlan parent = plan.series().get(HistoryStore.seriesKey(sku, here.parent()));
        final LedgerGateway.Location there = locations.get(here.parent());
        final Map<String, LedgerGateway.Level> levels = new HashMap<>();
        ledger.levelsOf(sku).forEach(l -> levels.put(l.location(), l));
        final LedgerGateway.Level storeLevel = levels.get(location);
        final LedgerGateway.Level parentLevel = levels.get(here.parent());
        if (parent == null || parent.policy() == null || storeLevel == null || parentLevel == null)
        {
            return Optional.empty();
        }
        // Fill to a review period's demand above the reorder point: filled only to it (an A item's
        // order-up-to equals its reorder point) the entry would stay "low" and the writer, which
        // reports crossings, would never call again.
        final StockPolicy sp = store.policy();
        final long fillTo = Math.max(sp.orderUpToUnits(), sp.reorderPointUnits() +
            Math.max(1, (long)Math.ceil(sp.meanDailyDemand() * sp.reviewPeriodDays())));
        final Optional<TransferSuggestion> t = Rebalancer.emergencyTransferFromParent(sku, AbcClass.A,
            new LocationStock(location, parentOrNull(here.parent()), kindOf(here.kind()), storeLevel.available(),
                Math.round(store.projectedDemandUnits()), sp.safetyStockUnits(), sp.reorderPointUnits(), fillTo),
            LocationStock.of(parentOrNull(there.parent()), kindOf(there.kind()), parent.policy(),
                parentLevel.available(), Math.round(parent.projectedDemandUnits())),
            store.policy().reorderPointUnits());
        if (t.isEmpty())
        {
            return Optional.empty();
        }
        final String requestId = String.format(Locale.ROOT, "rt-%s-%s-%d", plan.runId(),
            Integer.toHexString((sku + "@" + location).hashCode()), clock.millis() / 60_000);
        final String outcome = outcome(ledger.transfer(requestId, sku, here.parent(), location,
            t.get().quantityUnits()));
        return Optional.of(new PlanResult.IssuedTransfer(t.get(), requestId, outcome));
    }

    private static String parentOrNull(final String parent)
    {
        return parent == null || parent.isEmpty() ? null : parent;
    }

    private static LocationKind kindOf(final LedgerGateway.Location.Kind kind)
    {
        switch (kind)
        {
            case CENTRAL_WAREHOUSE:
                return LocationKind.CENTRAL;
            case REGIONAL_WAREHOUSE:
                return LocationKind.REGIONAL;
            case STORE:
                return LocationKind.STORE;
            default:
                return LocationKind.ONLINE_POOL;
        }
    }
}
