package io.stockring.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.stockring.core.command.AlertLevel;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.ScanPace;
import io.stockring.core.ledger.StockEntry;
import io.stockring.core.ledger.StockKeys;
import io.stockring.engine.Engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Stock health for operations staff (the monitoring indicators of the programme): entries by
 * alert level, per-entry gauges for entries that are not GREEN, and the programme KPIs.
 *
 * <pre>
 *   stockout rate   INSUFFICIENT_STOCK refusals / reserve requests     (EngineMetrics counters)
 *   turnover        outbound units / average on-hand over a window     (PromQL over the two below)
 *   overstock rate  on-hand of entries whose last outbound is 180+ days old / total on-hand
 * </pre>
 *
 * <p>Two sources, neither on the writer thread. The set of non-GREEN entries follows the
 * writer's alert-level events as the {@code StockEventHub} dispatcher delivers them; a periodic
 * scan on the metrics thread reconciles it (events during replay, or dropped on a full queue,
 * are not lost for long) and computes the totals. The scan visits the entries that exist, through
 * {@link Ledger#forEachStockConcurrent}, which any thread may call and which never makes the
 * writer wait: its cost follows the number of entries, not the catalog's items x locations.
 *
 * <p>Entries that never shipped are not counted as overstock (the ledger does not know how old
 * their stock is); their on-hand is exposed on its own ({@code never.shipped}).
 */
final class StockMetrics
{
    /** At most this many entries get their own series; the rest are counted, not listed. */
    static final int MAX_LISTED_ENTRIES = 500;
    static final long OVERSTOCK_AFTER_MS = 180L * 24 * 3600 * 1000;

    private final MeterRegistry registry;
    private final Ledger ledger;
    private final Catalog catalog;
    private final LongSupplier clockMs;
    /** Non-GREEN entries by stock key; written by the event dispatcher and the scan. */
    private final ConcurrentHashMap<Long, AlertLevel> levels = new ConcurrentHashMap<>();
    /** Listed entries and their meters; metrics thread and scrape thread, under this lock. */
    private final Map<Long, Listed> listed = new HashMap<>();

    private volatile double totalOnHand = Double.NaN;
    private volatile double overstockOnHand = Double.NaN;
    private volatile double neverShippedOnHand = Double.NaN;
    private volatile double entries = Double.NaN;
    private volatile double scanSeconds = Double.NaN;
    private volatile long scans;

    StockMetrics(final MeterRegistry registry, final Engine engine)
    {
        this.registry = registry;
        this.ledger = engine.ledger();
        this.catalog = engine.catalog();
        this.clockMs = engine::nowMs;

        Gauge.builder("stockring.stock.on.hand.units", this, s -> s.totalOnHand)
            .description("On-hand units over all entries (at the last scan)").register(registry);
        Gauge.builder("stockring.stock.overstock.units", this, s -> s.overstockOnHand)
            .description("On-hand units of entries with no outbound for 180 days (at the last scan)")
            .register(registry);
        Gauge.builder("stockring.stock.never.shipped.units", this, s -> s.neverShippedOnHand)
            .description("On-hand units of entries that never shipped (not counted as overstock)").register(registry);
        Gauge.builder("stockring.stock.overstock.ratio", this, StockMetrics::overstockRatio)
            .description("Overstock units / on-hand units (programme target: below 0.2)").register(registry);
        Gauge.builder("stockring.stock.entries.scanned", this, s -> s.entries)
            .description("Stock entries seen by the last scan").register(registry);
        Gauge.builder("stockring.stock.scan.duration.seconds", this, s -> s.scanSeconds)
            .description("Duration of the last stock scan (metrics thread)").register(registry);
        FunctionCounter.builder("stockring.stock.scans", this, s -> s.scans)
            .description("Stock scans completed").register(registry);
        FunctionCounter.builder("stockring.stock.outbound.units", ledger, l -> l.progress().totalShipped)
            .description("Units that left through Confirm, ever (turnover numerator)").register(registry);
        for (final AlertLevel level : AlertLevel.values())
        {
            Gauge.builder("stockring.stock.alert.entries", this, s -> s.countAt(level))
                .tag("level", level.name())
                .description("Stock entries at each alert level (GREEN: at the last scan; others: live)")
                .register(registry);
        }
        Gauge.builder("stockring.stock.alert.entries.unlisted", this, StockMetrics::unlisted)
            .description("Non-GREEN entries beyond the listed maximum (no per-entry series)").register(registry);
    }

    /** From the event dispatcher thread: an entry changed level. */
    void onAlertLevel(final int skuId, final int locationId, final AlertLevel level)
    {
        final long key = StockKeys.of(skuId, locationId);
        if (level == AlertLevel.GREEN)
        {
            levels.remove(key);
        }
        else
        {
            levels.put(key, level);
        }
    }

    /** What one scan adds up. */
    private static final class Totals
    {
        long onHand;
        long overstock;
        long neverShipped;
        long entries;
    }

    /** On the metrics thread: visits every stock entry once. */
    void scan()
    {
        final long start = System.nanoTime();
        final long now = clockMs.getAsLong();
        final Map<Long, AlertLevel> seen = new HashMap<>();
        final Totals totals = new Totals();
        ledger.forEachStockConcurrent(e ->
        {
            if (catalog.item(e.skuId()) == null || catalog.location(e.locationId()) == null)
            {
                return;
            }
            totals.entries++;
            totals.onHand += e.onHand;
            if (e.lastOutboundMs == 0)
            {
                totals.neverShipped += e.onHand;
            }
            else if (now - e.lastOutboundMs >= OVERSTOCK_AFTER_MS)
            {
                totals.overstock += e.onHand;
            }
            final AlertLevel level = AlertLevel.of(e.available(), e.safetyStock);
            if (level != AlertLevel.GREEN)
            {
                seen.put(StockKeys.of(e.skuId(), e.locationId()), level);
            }
        }, ScanPace.BACKGROUND);
        levels.keySet().retainAll(seen.keySet());
        levels.putAll(seen);
        totalOnHand = totals.onHand;
        overstockOnHand = totals.overstock;
        neverShippedOnHand = totals.neverShipped;
        entries = totals.entries;
        scanSeconds = (System.nanoTime() - start) / 1e9;
        scans++;
        syncListed();
    }

    /** Before a scrape and after a scan: per-entry series follow the set of non-GREEN entries. */
    synchronized void syncListed()
    {
        final List<Long> gone = new ArrayList<>();
        for (final Long key : listed.keySet())
        {
            if (!levels.containsKey(key))
            {
                gone.add(key);
            }
        }
        for (final Long key : gone)
        {
            for (final Meter m : listed.remove(key).meters)
            {
                registry.remove(m);
            }
        }
        for (final Map.Entry<Long, AlertLevel> entry : levels.entrySet())
        {
            if (!listed.containsKey(entry.getKey()) && listed.size() < MAX_LISTED_ENTRIES)
            {
                final Listed l = register(entry.getKey());
                if (l != null)
                {
                    listed.put(entry.getKey(), l);
                }
            }
        }
        for (final Listed l : listed.values())
        {
            l.read();
        }
    }

    private Listed register(final long key)
    {
        final Catalog.Item item = catalog.item(StockKeys.skuId(key));
        final Catalog.Location location = catalog.location(StockKeys.locationId(key));
        if (item == null || location == null)
        {
            return null;
        }
        final Listed l = new Listed(StockKeys.skuId(key), StockKeys.locationId(key));
        final Tags tags = Tags.of("sku", item.code(), "location", location.code());
        l.meters.add(Gauge.builder("stockring.stock.entry.on.hand.units", l, x -> x.onHand).tags(tags)
            .description("On-hand units of a non-GREEN entry").register(registry));
        l.meters.add(Gauge.builder("stockring.stock.entry.reserved.units", l, x -> x.reserved).tags(tags)
            .description("Reserved units of a non-GREEN entry").register(registry));
        l.meters.add(Gauge.builder("stockring.stock.entry.available.units", l, x -> x.available).tags(tags)
            .description("Available units of a non-GREEN entry").register(registry));
        l.meters.add(Gauge.builder("stockring.stock.entry.safety.stock.units", l, x -> x.safetyStock).tags(tags)
            .description("Safety stock of a non-GREEN entry").register(registry));
        l.meters.add(Gauge.builder("stockring.stock.entry.alert.level", l, x -> x.level).tags(tags)
            .description("Alert level of a non-GREEN entry: 1 YELLOW, 2 ORANGE, 3 RED").register(registry));
        return l;
    }

    private double countAt(final AlertLevel level)
    {
        if (level == AlertLevel.GREEN)
        {
            return entries - levels.size();
        }
        long n = 0;
        for (final AlertLevel l : levels.values())
        {
            if (l == level)
            {
                n++;
            }
        }
        return n;
    }

    private double unlisted()
    {
        return Math.max(0, levels.size() - MAX_LISTED_ENTRIES);
    }

    private double overstockRatio()
    {
        final double total = totalOnHand;
        return total > 0 ? overstockOnHand / total : total == 0 ? 0 : Double.NaN;
    }

    /** One listed entry: its values as of the last scrape, read once per scrape. */
    private final class Listed
    {
        final int skuId;
        final int locationId;
        final List<Meter> meters = new ArrayList<>(5);
        final StockEntry entry = new StockEntry();
        volatile double onHand;
        volatile double reserved;
        volatile double available;
        volatile double safetyStock;
        volatile double level;

        Listed(final int skuId, final int locationId)
        {
            this.skuId = skuId;
            this.locationId = locationId;
        }

        void read()
        {
            if (ledger.readStock(skuId, locationId, entry))
            {
                onHand = entry.onHand;
                reserved = entry.reserved;
                available = entry.available();
                safetyStock = entry.safetyStock;
                level = AlertLevel.of(entry.available(), entry.safetyStock).code();
            }
        }
    }
}
