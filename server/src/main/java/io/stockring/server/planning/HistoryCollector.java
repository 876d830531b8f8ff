package io.stockring.server.planning;

import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.StockKeys;
import io.stockring.engine.Engine;
import io.stockring.planner.history.HistoryStore;
import org.agrona.collections.Long2LongHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the ledger into the planner's demand history. Each sample reads every entry's
 * {@code shippedTotal} (the units ever confirmed out, kept by the writer in the same store as the
 * stock) and books the difference from the last sample to today's date, together with the
 * stockouts the writer reported since. Because the counters live in the ledger, a crash loses
 * nothing: the next sample books whatever the last one did not.
 *
 * <p>Thread: the planner's scheduler thread only.
 */
public final class HistoryCollector implements PlannerEventFeed.Handler
{
    private static final Logger LOG = LoggerFactory.getLogger(HistoryCollector.class);

    private final Engine engine;
    private final HistoryStore store;
    private final PlannerEventFeed feed;
    private final ZoneId zone;
    private final Map<String, Long> bookedTotals;
    private final Map<String, Long> bookedOnHand = new HashMap<>();
    private final Long2LongHashMap refused = new Long2LongHashMap(0);
    private final LowStockHandler lowStock;
    private LocalDate lastFullSnapshotDay;
    private long samples;
    private long unitsBooked;

    /** Called for each low-stock event drained from the writer (the real-time rule for A items). */
    @FunctionalInterface
    public interface LowStockHandler
    {
        void onLowStock(String sku, String location, long available, long reorderPoint);
    }

    public HistoryCollector(final Engine engine, final HistoryStore store, final PlannerEventFeed feed,
        final ZoneId zone, final LowStockHandler lowStock)
    {
        this.engine = engine;
        this.store = store;
        this.feed = feed;
        this.zone = zone;
        this.lowStock = lowStock;
        this.bookedTotals = store.collectorTotals();
    }

    /** Drains the writer's events only: low-stock reactions should not wait for the next sample. */
    public void drainEvents()
    {
        feed.drain(this);
    }

    /** Takes one sample at {@code nowMs} and books it under that moment's date. */
    public void collect(final long nowMs)
    {
        feed.drain(this);
        final Catalog catalog = engine.catalog();
        final LocalDate day = Instant.ofEpochMilli(nowMs).atZone(zone).toLocalDate();
        // The day's first sample records every entry's on-hand (average stock for turnover);
        // later ones only the entries that moved.
        final boolean fullSnapshot = !day.equals(lastFullSnapshotDay);
        final List<HistoryStore.CollectorSample> changed = new ArrayList<>();
        final long[] units = new long[1];
        engine.forEachStockLevel(level ->
        {
            final String key = HistoryStore.seriesKey(level.sku(), level.location());
            final Long last = bookedTotals.get(key);
            long delta = level.shippedTotal() - (last == null ? 0 : last);
            if (delta < 0)
            {
                // The ledger went back (an async-mode journal lost its tail in a machine crash):
                // book nothing and follow the ledger from here.
                LOG.warn("event=shipped_counter_went_back sku={} location={} booked={} ledger={}", level.sku(),
                    level.location(), last, level.shippedTotal());
                delta = 0;
            }
            final int skuId = catalog.itemId(level.sku());
            final int locationId = catalog.locationId(level.location());
            final long refusedUnits = refused.remove(StockKeys.of(skuId, locationId));
            final Long onHandBefore = bookedOnHand.get(key);
            if (fullSnapshot || last == null || delta != 0 || refusedUnits != 0 || onHandBefore == null ||
                onHandBefore != level.onHand())
            {
                changed.add(new HistoryStore.CollectorSample(level.sku(), level.location(), level.shippedTotal(),
                    delta, refusedUnits, level.onHand()));
                units[0] += delta;
            }
        });
        store.bookSample(day, changed);
        for (final HistoryStore.CollectorSample s : changed)
        {
            final String key = HistoryStore.seriesKey(s.sku(), s.location());
            bookedTotals.put(key, s.shippedTotal());
            bookedOnHand.put(key, s.onHand());
        }
        samples++;
        unitsBooked += units[0];
        lastFullSnapshotDay = day;
    }

    @Override
    public void onStockout(final int skuId, final int locationId, final long requested)
    {
        final long key = StockKeys.of(skuId, locationId);
        refused.put(key, refused.get(key) + requested);
    }

    @Override
    public void onLowStock(final int skuId, final int locationId, final long available, final long reorderPoint)
    {
        final Catalog catalog = engine.catalog();
        final Catalog.Item item = catalog.item(skuId);
        final Catalog.Location location = catalog.location(locationId);
        if (item != null && location != null)
        {
            lowStock.onLowStock(item.code(), location.code(), available, reorderPoint);
        }
    }

    public long samples()
    {
        return samples;
    }

    public long unitsBooked()
    {
        return unitsBooked;
    }

    public long droppedEvents()
    {
        return feed.droppedEvents();
    }
}
