package io.stockring.server.planning;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.StockEventListeners;
import io.stockring.engine.EngineFixture;
import io.stockring.core.testing.ManualClock;
import io.stockring.engine.StockEngine;
import io.stockring.planner.history.HistoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.stockring.engine.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The planner's history is booked from the ledger's own counters: exactly once, across restarts. */
class HistoryCollectorTest
{
    private static final LocalDate DAY = LocalDate.of(2026, 1, 1);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(EngineFixture.T0);
    private int ids;

    private String id()
    {
        return "c-" + (ids++);
    }

    private static StockEngine.Line line(final long quantity)
    {
        return new StockEngine.Line("MUG", "S1", quantity);
    }

    private double[] booked(final HistoryStore store, final int days)
    {
        final List<double[]> series = new ArrayList<>();
        store.forEachSeries(DAY, days, (sku, location, demand) -> series.add(demand));
        assertEquals(1, series.size());
        return series.get(0);
    }

    @Test
    void confirmedUnitsAndStockoutsAreBookedOnceAndSurviveARestart() throws Exception
    {
        final Path history = dir.resolve("history.duckdb");
        final PlannerEventFeed feed = new PlannerEventFeed(1024);
        try (StockEngine engine = StockEngine.start(EngineFixture.config(dir.resolve("ledger"), clock)
            .eventListener(StockEventListeners.of(feed))); HistoryStore store = HistoryStore.open(history))
        {
            await(engine.upsertItem(id(), "MUG", "Mug", "home"));
            await(engine.upsertLocation(id(), "S1", "Store 1", LocationKind.STORE, null));
            await(engine.receive(id(), "MUG", "S1", 10));
            final long r = await(engine.reserve(id(), "app", List.of(line(4)), 60_000)).value();
            await(engine.confirm(id(), r));
            assertEquals(ResultCode.INSUFFICIENT_STOCK, await(engine.reserve(id(), "app", List.of(line(7)),
                60_000)).code());

            final HistoryCollector collector = new HistoryCollector(engine, store, feed, ZoneOffset.UTC, (s, l, a, p) ->
            {
            });
            collector.collect(EngineFixture.T0);
            collector.collect(EngineFixture.T0 + 1000);
            assertArrayEquals(new double[] {4 + 7, 0}, booked(store, 2), "4 shipped + 7 refused, booked once");

            // Day two: 2 more leave, and the collector is not running when they do.
            clock.advance(86_400_000L);
            final long r2 = await(engine.reserve(id(), "app", List.of(line(2)), 60_000)).value();
            await(engine.confirm(id(), r2));
        }
        // A new process: the collector starts from what the store booked and the ledger's counters.
        try (StockEngine engine = StockEngine.start(EngineFixture.config(dir.resolve("ledger"), clock));
            HistoryStore store = HistoryStore.open(history))
        {
            final HistoryCollector collector = new HistoryCollector(engine, store, new PlannerEventFeed(16),
                ZoneOffset.UTC, (s, l, a, p) ->
                {
                });
            collector.collect(EngineFixture.T0 + 86_400_000L);
            assertArrayEquals(new double[] {11, 2}, booked(store, 2), "the units shipped while nobody collected " +
                "are booked at the next sample, and nothing twice");
            assertEquals(5, store.windowTotals("MUG", DAY, DAY.plusDays(2)).averageOnHandUnits(),
                "on-hand 6 on day one and 4 on day two: an average of 5");
        }
    }
}
