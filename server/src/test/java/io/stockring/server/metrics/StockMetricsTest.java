package io.stockring.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.engine.EngineFixture;
import io.stockring.core.testing.ManualClock;
import io.stockring.engine.StockEngine;
import io.stockring.server.StockEventHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.stockring.engine.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stock KPIs and the non-GREEN series against a real engine with a manual clock. */
class StockMetricsTest
{
    private static final long DAY_MS = 24L * 3600 * 1000;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(EngineFixture.T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private StockEventHub events;
    private StockEngine engine;
    private StockMetrics metrics;
    private int ids;

    @BeforeEach
    void start() throws Exception
    {
        events = new StockEventHub();
        engine = StockEngine.start(EngineFixture.config(dir, clock).eventListener(events));
        events.catalog(engine.catalog());
        metrics = new StockMetrics(registry, engine);
        events.alertSink(metrics::onAlertLevel);
        ok(engine.upsertLocation(id(), "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, null));
        ok(engine.upsertItem(id(), "MUG", "Mug", "home"));
        ok(engine.upsertItem(id(), "PEN", "Pen", "office"));
        ok(engine.upsertItem(id(), "CAP", "Cap", "fashion"));
        ok(engine.receive(id(), "MUG", "CW", 100));
        ok(engine.receive(id(), "PEN", "CW", 300));
        ok(engine.receive(id(), "CAP", "CW", 100));
    }

    @AfterEach
    void stop() throws Exception
    {
        events.close();
        engine.close();
    }

    @Test
    void overstockCountsStockWhoseLastOutboundIs180DaysOldAndLeavesNeverShippedOut()
    {
        ship("MUG", 10);                      // MUG: 90 left, last outbound at T0
        clock.advance(100 * DAY_MS);
        ship("PEN", 20);                      // PEN: 280 left, last outbound at T0 + 100 d; CAP never shipped
        clock.advance(81 * DAY_MS);           // now T0 + 181 d: MUG is stale, PEN is not

        metrics.scan();
        assertEquals(90 + 280 + 100, gauge("stockring.stock.on.hand.units"));
        assertEquals(90, gauge("stockring.stock.overstock.units"));
        assertEquals(100, gauge("stockring.stock.never.shipped.units"));
        assertEquals(90.0 / 470, gauge("stockring.stock.overstock.ratio"), 1e-12);
        assertEquals(3, gauge("stockring.stock.entries.scanned"));
        assertEquals(3, gauge("stockring.stock.alert.entries", "level", "GREEN"));
    }

    @Test
    void entriesThatLeaveGreenGetTheirOwnSeriesAndLoseThemWhenGreenAgain() throws Exception
    {
        metrics.scan();
        assertNull(registry.find("stockring.stock.entry.alert.level").gauge());

        // safety stock 250 against 100 available: RED, learnt from the event (no scan)
        ok(engine.setPolicy(id(), "MUG", "CW", 250, 0));
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (registry.find("stockring.stock.entry.alert.level").gauge() == null && System.nanoTime() < until)
        {
            metrics.syncListed();
            Thread.sleep(20);
        }
        assertEquals(3, gauge("stockring.stock.entry.alert.level", "sku", "MUG", "location", "CW"));
        assertEquals(100, gauge("stockring.stock.entry.available.units", "sku", "MUG", "location", "CW"));
        assertEquals(1, gauge("stockring.stock.alert.entries", "level", "RED"));

        ok(engine.receive(id(), "MUG", "CW", 500));   // 600 >= 1.2 x 250: GREEN again
        metrics.scan();
        assertNull(registry.find("stockring.stock.entry.alert.level").gauge());
        assertEquals(0, gauge("stockring.stock.alert.entries", "level", "RED"));
    }

    private void ship(final String sku, final long quantity)
    {
        final Outcome r = ok(engine.reserve(id(), "app", List.of(new StockEngine.Line(sku, "CW", quantity)), 600_000));
        ok(engine.confirm(id(), r.value()));
    }

    private double gauge(final String name, final String... tags)
    {
        final Gauge g = registry.find(name).tags(tags).gauge();
        assertTrue(g != null, "no gauge " + name);
        return g.value();
    }

    private static Outcome ok(final java.util.concurrent.CompletableFuture<Outcome> f)
    {
        final Outcome o = await(f);
        assertEquals(ResultCode.OK, o.code(), o.toString());
        return o;
    }

    private String id()
    {
        return "s-" + (++ids);
    }
}
