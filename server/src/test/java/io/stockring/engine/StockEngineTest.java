package io.stockring.engine;

import io.stockring.core.command.AlertLevel;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ReservationState;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.ledger.ReservationView;
import io.stockring.core.ledger.StockEventListener;
import io.stockring.core.ledger.StockLevel;
import io.stockring.core.recovery.Recovery;
import io.stockring.core.request.CommandRequests;
import io.stockring.core.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.stockring.engine.EngineFixture.await;
import static io.stockring.engine.EngineFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command through the real engine (ring, journal, ledger): outcomes, codes, and what they change. */
class StockEngineTest
{
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(EngineFixture.T0);
    private final List<AlertEvent> alerts = new ArrayList<>();
    private StockEngine engine;
    private int ids;

    record AlertEvent(int skuId, int locationId, AlertLevel from, AlertLevel to)
    {
    }

    @BeforeEach
    void start() throws Exception
    {
        engine = StockEngine.start(EngineFixture.config(dir, clock).eventListener(new StockEventListener()
        {
            @Override
            public void onAlertLevelChanged(final long seq, final long timestampMs, final int skuId,
                final int locationId, final AlertLevel from, final AlertLevel to, final long available,
                final long safetyStock)
            {
                synchronized (alerts)
                {
                    alerts.add(new AlertEvent(skuId, locationId, from, to));
                }
            }
        }));
        ok(engine.upsertLocation(id(), "CW", "Central warehouse", LocationKind.CENTRAL_WAREHOUSE, null));
        ok(engine.upsertLocation(id(), "EAST", "East regional", LocationKind.REGIONAL_WAREHOUSE, "CW"));
        ok(engine.upsertLocation(id(), "S1", "Store 1", LocationKind.STORE, "EAST"));
        ok(engine.upsertItem(id(), "MUG", "Ceramic mug", "home"));
        ok(engine.upsertItem(id(), "PEN", "Fountain pen", "office"));
    }

    @AfterEach
    void stop() throws Exception
    {
        final LedgerVerifier.Report report = get(engine.verify());
        engine.close();
        assertTrue(report.isClean(), report.toString());
    }

    private String id()
    {
        return "req-" + (++ids);
    }

    private static Outcome ok(final java.util.concurrent.CompletableFuture<Outcome> f)
    {
        final Outcome o = await(f);
        assertEquals(ResultCode.OK, o.code(), o.toString());
        return o;
    }

    private static void code(final ResultCode expected, final java.util.concurrent.CompletableFuture<Outcome> f)
    {
        assertEquals(expected, await(f).code());
    }

    private StockLevel level(final String sku, final String location)
    {
        return engine.stock(sku, location).orElseThrow();
    }

    private static List<StockEngine.Line> line(final String sku, final String location, final long qty)
    {
        return List.of(new StockEngine.Line(sku, location, qty));
    }

    @Test
    void shouldReportTheStageTimesOfOneCommandInSixteen() throws Exception
    {
        final long busyBefore = engine.writerBusyNanos();
        final long batchesBefore = engine.writerBatches();
        final List<long[]> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        engine.stageObserver((queue, journal, apply, reply) -> samples.add(new long[] {queue, journal, apply, reply}));
        for (int i = 0; i < 4 * StockEngine.STAGE_SAMPLE_EVERY; i++)
        {
            ok(engine.receive(id(), "MUG", "CW", 1));
        }
        // The observer runs after the callback that completed the future: wait for the last one.
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (samples.size() < 4 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        engine.stageObserver(null);
        assertEquals(4, samples.size(), "64 consecutive commands, one in 16 sampled");
        for (final long[] s : samples)
        {
            assertTrue(s[0] >= 0 && s[1] > 0 && s[2] > 0 && s[3] >= 0, java.util.Arrays.toString(s));
            assertTrue(s[0] + s[1] + s[2] + s[3] < java.util.concurrent.TimeUnit.SECONDS.toNanos(10),
                java.util.Arrays.toString(s));
        }
        // The writer's busy time is taken per batch, the stage stamps per sampled command.
        assertTrue(engine.writerBatches() > batchesBefore);
        assertTrue(engine.writerBusyNanos() > busyBefore);
    }

    @Test
    void shouldAssignIdsAndKeepThemOnUpdate()
    {
        final long id = await(engine.upsertItem(id(), "CUP", "Cup", "home")).value();
        assertEquals(3, id);
        assertEquals(id, await(engine.upsertItem(id(), "CUP", "Tea cup", "kitchen")).value());
        assertEquals("Tea cup", engine.catalog().item("CUP").name());
        assertEquals(2, engine.catalog().location("EAST").id());
        assertEquals(1, engine.catalog().location("EAST").parentId());
    }

    @Test
    void shouldRejectBadCatalogInput()
    {
        code(ResultCode.INVALID_CODE, engine.upsertItem(id(), "has space", "x", ""));
        code(ResultCode.INVALID_NAME, engine.upsertItem(id(), "X1", " ", ""));
        code(ResultCode.INVALID_LOCATION_KIND, engine.upsertLocation(id(), "L9", "x", null, null));
        code(ResultCode.UNKNOWN_PARENT_LOCATION, engine.upsertLocation(id(), "L9", "x", LocationKind.STORE, "NOPE"));
        code(ResultCode.PARENT_CYCLE, engine.upsertLocation(id(), "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, "S1"));
        code(ResultCode.PARENT_CYCLE, engine.upsertLocation(id(), "S1", "Store", LocationKind.STORE, "S1"));
        assertEquals(0, engine.catalog().location("CW").parentId());
    }

    @Test
    void shouldReceiveIntoNewAndExistingEntries()
    {
        ok(engine.receive(id(), "MUG", "CW", 10));
        ok(engine.receive(id(), "MUG", "CW", 5));
        assertEquals(15, level("MUG", "CW").onHand());
        code(ResultCode.INVALID_QUANTITY, engine.receive(id(), "MUG", "CW", 0));
        code(ResultCode.INVALID_QUANTITY, engine.receive(id(), "MUG", "CW", -3));
        code(ResultCode.UNKNOWN_SKU, engine.receive(id(), "NOPE", "CW", 1));
        code(ResultCode.UNKNOWN_LOCATION, engine.receive(id(), "MUG", "NOPE", 1));
        assertEquals(15, level("MUG", "CW").onHand());
    }

    @Test
    void shouldReserveAllLinesOrNone()
    {
        ok(engine.receive(id(), "MUG", "S1", 5));
        ok(engine.receive(id(), "PEN", "S1", 1));
        code(ResultCode.INSUFFICIENT_STOCK, engine.reserve(id(), "app", List.of(
            new StockEngine.Line("MUG", "S1", 2), new StockEngine.Line("PEN", "S1", 2)), 60_000));
        assertEquals(0, level("MUG", "S1").reserved());
        assertEquals(0, level("PEN", "S1").reserved());

        final Outcome o = ok(engine.reserve(id(), "app", List.of(
            new StockEngine.Line("MUG", "S1", 2), new StockEngine.Line("PEN", "S1", 1)), 60_000));
        assertEquals(3, level("MUG", "S1").available());
        assertEquals(0, level("PEN", "S1").available());
        final ReservationView r = engine.reservation(o.value()).orElseThrow();
        assertEquals(ReservationState.HELD, r.state());
        assertEquals("app", r.channel());
        assertEquals(EngineFixture.T0 + 60_000, r.expiresAtMs());
        assertEquals(2, r.lines().size());
    }

    @Test
    void shouldSumLinesOnTheSameEntryBeforeChecking()
    {
        ok(engine.receive(id(), "MUG", "S1", 3));
        code(ResultCode.INSUFFICIENT_STOCK, engine.reserve(id(), "app", List.of(
            new StockEngine.Line("MUG", "S1", 2), new StockEngine.Line("MUG", "S1", 2)), 60_000));
        final Outcome o = ok(engine.reserve(id(), "app", List.of(
            new StockEngine.Line("MUG", "S1", 1), new StockEngine.Line("MUG", "S1", 2)), 60_000));
        assertEquals(0, level("MUG", "S1").available());
        assertEquals(List.of(new ReservationView.Line("MUG", "S1", 3)), engine.reservation(o.value()).orElseThrow().lines());
    }

    @Test
    void shouldRejectMalformedReservations()
    {
        ok(engine.receive(id(), "MUG", "S1", 3));
        code(ResultCode.NO_LINES, engine.reserve(id(), "app", List.of(), 60_000));
        final List<StockEngine.Line> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++)
        {
            nine.add(new StockEngine.Line("MUG", "S1", 1));
        }
        code(ResultCode.TOO_MANY_LINES, engine.reserve(id(), "app", nine, 60_000));
        code(ResultCode.INVALID_QUANTITY, engine.reserve(id(), "app", line("MUG", "S1", 0), 60_000));
        code(ResultCode.INVALID_TTL, engine.reserve(id(), "app", line("MUG", "S1", 1), 0));
        code(ResultCode.INVALID_CHANNEL, engine.reserve(id(), "", line("MUG", "S1", 1), 1000));
        code(ResultCode.INVALID_CHANNEL, engine.reserve(id(), "a-channel-name-too-long", line("MUG", "S1", 1), 1000));
        code(ResultCode.INVALID_REQUEST_ID, engine.reserve("x".repeat(65), "app", line("MUG", "S1", 1), 1000));
        code(ResultCode.INVALID_REQUEST_ID, engine.reserve("", "app", line("MUG", "S1", 1), 1000));
        code(ResultCode.UNKNOWN_SKU, engine.reserve(id(), "app", line("NOPE", "S1", 1), 1000));
        code(ResultCode.UNKNOWN_LOCATION, engine.reserve(id(), "app", line("MUG", "NOPE", 1), 1000));
        code(ResultCode.INSUFFICIENT_STOCK, engine.reserve(id(), "app", line("PEN", "S1", 1), 1000));
        assertEquals(3, level("MUG", "S1").available());
    }

    @Test
    void shouldConfirmAndReleaseExactlyOnce()
    {
        ok(engine.receive(id(), "MUG", "S1", 10));
        final long a = ok(engine.reserve(id(), "app", line("MUG", "S1", 4), 60_000)).value();
        final long b = ok(engine.reserve(id(), "app", line("MUG", "S1", 3), 60_000)).value();
        ok(engine.confirm(id(), a));
        assertEquals(6, level("MUG", "S1").onHand());
        assertEquals(3, level("MUG", "S1").reserved());
        assertEquals(EngineFixture.T0, level("MUG", "S1").lastOutboundMs());
        code(ResultCode.ALREADY_CONFIRMED, engine.confirm(id(), a));
        code(ResultCode.ALREADY_CONFIRMED, engine.release(id(), a));
        ok(engine.release(id(), b));
        code(ResultCode.ALREADY_RELEASED, engine.release(id(), b));
        code(ResultCode.ALREADY_RELEASED, engine.confirm(id(), b));
        assertEquals(6, level("MUG", "S1").available());
        assertEquals(4, level("MUG", "S1").shippedTotal(), "only the confirmed units count as shipped");
        final List<StockLevel> scanned = new ArrayList<>();
        engine.forEachStockLevel(scanned::add);
        assertEquals(List.of(level("MUG", "S1")), scanned.stream().filter(l -> l.sku().equals("MUG") &&
            l.location().equals("S1")).toList(), "the concurrent scan sees what a point read sees");
        code(ResultCode.UNKNOWN_RESERVATION, engine.confirm(id(), 999_999));
        code(ResultCode.INVALID_RESERVATION_ID, engine.confirm(id(), 0));
        assertEquals(ReservationState.CONFIRMED, engine.reservation(a).orElseThrow().state());
        assertEquals(ReservationState.RELEASED, engine.reservation(b).orElseThrow().state());
    }

    @Test
    void shouldExpireReservationsOnTickAndOnLateConfirm()
    {
        ok(engine.receive(id(), "MUG", "S1", 10));
        final long a = ok(engine.reserve(id(), "app", line("MUG", "S1", 2), 1_000)).value();
        final long b = ok(engine.reserve(id(), "app", line("MUG", "S1", 3), 2_000)).value();
        final long c = ok(engine.reserve(id(), "app", line("MUG", "S1", 4), 5_000)).value();
        clock.advance(1_000);
        assertEquals(1, await(engine.expireDue(100)).value());
        assertEquals(7, level("MUG", "S1").reserved());
        clock.advance(1_500);
        code(ResultCode.RESERVATION_EXPIRED, engine.confirm(id(), b));
        assertEquals(4, level("MUG", "S1").reserved());
        assertEquals(ReservationState.EXPIRED, engine.reservation(a).orElseThrow().state());
        assertEquals(ReservationState.EXPIRED, engine.reservation(b).orElseThrow().state());
        assertEquals(0, await(engine.expireDue(100)).value());
        ok(engine.confirm(id(), c));
        code(ResultCode.RESERVATION_EXPIRED, engine.release(id(), a));
        assertEquals(6, level("MUG", "S1").onHand());
        assertEquals(0, level("MUG", "S1").reserved());
    }

    @Test
    void shouldExpireAtMostTheGivenNumberPerTick()
    {
        ok(engine.receive(id(), "MUG", "S1", 10));
        for (int i = 0; i < 5; i++)
        {
            ok(engine.reserve(id(), "app", line("MUG", "S1", 1), 1_000));
        }
        clock.advance(1_000);
        assertEquals(2, await(engine.expireDue(2)).value());
        assertEquals(3, level("MUG", "S1").reserved());
        assertEquals(3, await(engine.expireDue(10)).value());
        assertEquals(0, level("MUG", "S1").reserved());
    }

    @Test
    void shouldAdjustByDeltaAndToAnExpectedCount()
    {
        ok(engine.receive(id(), "MUG", "S1", 10));
        ok(engine.reserve(id(), "app", line("MUG", "S1", 6), 60_000));
        assertEquals(8, ok(engine.adjustBy(id(), "MUG", "S1", -2, "damaged")).value());
        code(ResultCode.ADJUST_BELOW_RESERVED, engine.adjustBy(id(), "MUG", "S1", -3, "damaged"));
        code(ResultCode.ADJUST_EXPECTED_MISMATCH, engine.adjustTo(id(), "MUG", "S1", 10, 12, "stocktake"));
        ok(engine.adjustTo(id(), "MUG", "S1", 8, 12, "stocktake"));
        code(ResultCode.ADJUST_BELOW_RESERVED, engine.adjustTo(id(), "MUG", "S1", 12, 5, "stocktake"));
        code(ResultCode.INVALID_QUANTITY, engine.adjustBy(id(), "MUG", "S1", 0, "noop"));
        code(ResultCode.INVALID_REASON, engine.adjustBy(id(), "MUG", "S1", 1, ""));
        code(ResultCode.INVALID_QUANTITY, engine.adjustTo(id(), "MUG", "S1", 12, -1, "stocktake"));
        assertEquals(12, level("MUG", "S1").onHand());
    }

    @Test
    void shouldTransferAtOnceAndThroughTransit()
    {
        ok(engine.receive(id(), "MUG", "CW", 10));
        ok(engine.reserve(id(), "app", line("MUG", "CW", 4), 60_000));
        code(ResultCode.INSUFFICIENT_STOCK, engine.transfer(id(), "MUG", "CW", "EAST", 7));
        code(ResultCode.SAME_LOCATION, engine.transfer(id(), "MUG", "CW", "CW", 1));
        code(ResultCode.INSUFFICIENT_STOCK, engine.transfer(id(), "PEN", "CW", "EAST", 1));
        ok(engine.transfer(id(), "MUG", "CW", "EAST", 3));
        assertEquals(7, level("MUG", "CW").onHand());
        assertEquals(3, level("MUG", "EAST").onHand());

        ok(engine.transferOut(id(), "MUG", "CW", "S1", 2));
        assertEquals(5, level("MUG", "CW").onHand());
        assertEquals(0, level("MUG", "S1").onHand());
        assertEquals(2, level("MUG", "S1").inTransit());
        code(ResultCode.INSUFFICIENT_IN_TRANSIT, engine.transferIn(id(), "MUG", "S1", 3));
        ok(engine.transferIn(id(), "MUG", "S1", 2));
        assertEquals(2, level("MUG", "S1").onHand());
        assertEquals(0, level("MUG", "S1").inTransit());
        code(ResultCode.INSUFFICIENT_IN_TRANSIT, engine.transferIn(id(), "MUG", "EAST", 1));
    }

    @Test
    void shouldMoveThroughAlertLevelsAndEmitEachChange()
    {
        ok(engine.receive(id(), "MUG", "S1", 20));
        final int sku = engine.catalog().item("MUG").id();
        final int loc = engine.catalog().location("S1").id();
        assertEquals(AlertLevel.GREEN.ordinal(), ok(engine.setPolicy(id(), "MUG", "S1", 10, 15)).value());
        assertEquals(AlertLevel.GREEN, level("MUG", "S1").alertLevel());
        ok(reserve("MUG", "S1", 9));   // available 11 < 12 -> YELLOW
        assertEquals(AlertLevel.YELLOW, level("MUG", "S1").alertLevel());
        ok(reserve("MUG", "S1", 2));   // 9 < 10 -> ORANGE
        assertEquals(AlertLevel.ORANGE, level("MUG", "S1").alertLevel());
        ok(reserve("MUG", "S1", 5));   // 4 < 5 -> RED
        assertEquals(AlertLevel.RED, level("MUG", "S1").alertLevel());
        ok(engine.receive(id(), "MUG", "S1", 100));               // back to GREEN
        assertEquals(AlertLevel.GREEN, level("MUG", "S1").alertLevel());
        ok(engine.setPolicy(id(), "MUG", "S1", 300, 350));        // policy alone moves it to RED
        code(ResultCode.INVALID_THRESHOLDS, engine.setPolicy(id(), "MUG", "S1", -1, 0));
        synchronized (alerts)
        {
            assertEquals(List.of(
                new AlertEvent(sku, loc, AlertLevel.GREEN, AlertLevel.YELLOW),
                new AlertEvent(sku, loc, AlertLevel.YELLOW, AlertLevel.ORANGE),
                new AlertEvent(sku, loc, AlertLevel.ORANGE, AlertLevel.RED),
                new AlertEvent(sku, loc, AlertLevel.RED, AlertLevel.GREEN),
                new AlertEvent(sku, loc, AlertLevel.GREEN, AlertLevel.RED)), alerts);
        }
    }

    private java.util.concurrent.CompletableFuture<Outcome> reserve(final String sku, final String loc, final long q)
    {
        return engine.reserve(id(), "app", line(sku, loc, q), 60_000);
    }

    @Test
    void alertThresholdsAreExact()
    {
        assertEquals(AlertLevel.GREEN, AlertLevel.of(12, 10));
        assertEquals(AlertLevel.YELLOW, AlertLevel.of(11, 10));
        assertEquals(AlertLevel.YELLOW, AlertLevel.of(10, 10));
        assertEquals(AlertLevel.ORANGE, AlertLevel.of(9, 10));
        assertEquals(AlertLevel.ORANGE, AlertLevel.of(5, 10));
        assertEquals(AlertLevel.RED, AlertLevel.of(4, 10));
        assertEquals(AlertLevel.GREEN, AlertLevel.of(0, 0));
    }

    @Test
    void shouldAnswerARetryWithTheFirstOutcomeAndChangeNothing()
    {
        ok(engine.receive("recv-1", "MUG", "S1", 5));
        ok(engine.receive("recv-1", "MUG", "S1", 5));
        assertEquals(5, level("MUG", "S1").onHand());
        final Outcome first = ok(engine.reserve("res-1", "app", line("MUG", "S1", 2), 60_000));
        final Outcome again = ok(engine.reserve("res-1", "app", line("MUG", "S1", 2), 60_000));
        assertEquals(first.value(), again.value());
        assertEquals(2, level("MUG", "S1").reserved());
        code(ResultCode.REQUEST_ID_REUSED, engine.reserve("res-1", "app", line("MUG", "S1", 3), 60_000));
        code(ResultCode.REQUEST_ID_REUSED, engine.receive("res-1", "MUG", "S1", 2));
        assertEquals(2, level("MUG", "S1").reserved());
    }

    @Test
    void shouldRememberFailuresToo()
    {
        code(ResultCode.INSUFFICIENT_STOCK, engine.reserve("res-x", "app", line("MUG", "S1", 2), 60_000));
        ok(engine.receive(id(), "MUG", "S1", 5));
        code(ResultCode.INSUFFICIENT_STOCK, engine.reserve("res-x", "app", line("MUG", "S1", 2), 60_000));
        assertEquals(0, level("MUG", "S1").reserved());
        code(ResultCode.UNKNOWN_SKU, engine.receive("recv-y", "CUP", "S1", 1));
        ok(engine.upsertItem(id(), "CUP", "Cup", "home"));
        code(ResultCode.UNKNOWN_SKU, engine.receive("recv-y", "CUP", "S1", 1));
    }

    @Test
    void shouldRefuseWhenTheLedgerIsFullAndKeepServing() throws Exception
    {
        engine.close();
        engine = StockEngine.start(EngineFixture.config(dir.resolve("tiny"), clock)
            .capacity(new io.stockring.core.ledger.LedgerCapacity(2, 2, 2, 2, 40)));
        ok(engine.upsertLocation(id(), "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, null));
        ok(engine.upsertItem(id(), "A", "a", ""));
        ok(engine.upsertItem(id(), "B", "b", ""));
        code(ResultCode.LEDGER_FULL, engine.upsertItem(id(), "C", "c", ""));
        ok(engine.upsertLocation(id(), "S1", "Store", LocationKind.STORE, "CW"));
        ok(engine.receive(id(), "A", "CW", 5));
        ok(engine.receive(id(), "B", "CW", 5));
        code(ResultCode.LEDGER_FULL, engine.receive(id(), "A", "S1", 5));
        ok(engine.reserve(id(), "app", line("A", "CW", 1), 60_000));
        ok(engine.reserve(id(), "app", line("A", "CW", 1), 60_000));
        code(ResultCode.LEDGER_FULL, engine.reserve("full-1", "app", line("A", "CW", 1), 60_000));
        assertEquals(2, level("A", "CW").reserved());
        ok(engine.receive(id(), "A", "CW", 1));
    }

    @Test
    void shouldKeepStateAcrossACleanRestart() throws Exception
    {
        ok(engine.receive(id(), "MUG", "S1", 10));
        final long r = ok(engine.reserve(id(), "app", line("MUG", "S1", 4), 60_000)).value();
        engine.close();
        engine = StockEngine.start(EngineFixture.config(dir, clock));
        assertEquals(io.stockring.core.recovery.Recovery.Mode.CLEAN, engine.recoveryReport().mode());
        assertEquals(4, level("MUG", "S1").reserved());
        assertEquals(ReservationState.HELD, engine.reservation(r).orElseThrow().state());
        clock.advance(60_000);
        assertEquals(1, await(engine.expireDue(10)).value());
        assertEquals(0, level("MUG", "S1").reserved());
    }

    @Test
    void shouldScanEntriesMadeBeforeAndAfterARestart() throws Exception
    {
        ok(engine.receive(id(), "MUG", "S1", 10));
        ok(engine.receive(id(), "PEN", "CW", 5));
        engine.close();
        engine = StockEngine.start(EngineFixture.config(dir, clock));
        // The entries from before the restart are found from the open on: by the writer and by scans.
        ok(engine.receive(id(), "MUG", "S1", 1));
        ok(engine.receive(id(), "PEN", "EAST", 7));
        final List<String> scanned = new ArrayList<>();
        engine.forEachStockLevel(l -> scanned.add(l.sku() + "@" + l.location() + "=" + l.onHand()));
        assertEquals(List.of("MUG@S1=11", "PEN@CW=5", "PEN@EAST=7"), scanned.stream().sorted().toList());
    }

    @Test
    void shouldRefuseASecondEngineOnTheSameDataDirectory()
    {
        final IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
            () -> StockEngine.start(EngineFixture.config(dir, clock)));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }

    @Test
    void shouldFailEveryCommandAndApplyNoneOnceTheJournalFails() throws Exception
    {
        ok(engine.receive(id(), "MUG", "CW", 10));
        // The writer is idle: its next batch's write finds the journal closed under it.
        engine.journal().close();
        code(ResultCode.JOURNAL_FAILED, engine.receive(id(), "MUG", "CW", 5));
        code(ResultCode.JOURNAL_FAILED, engine.adjustBy(id(), "MUG", "CW", -1, "count"));
        assertFalse(engine.isHealthy());
        assertEquals(10, level("MUG", "CW").onHand(), "nothing unjournaled was applied");
    }

    @Test
    void shouldReportRingFullAtOnceWithoutBlocking()
    {
        final CommandSlot template = new CommandSlot();
        CommandRequests.control(template, CommandType.BARRIER);
        final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        // Hold the writer in a callback so the ring fills up behind it.
        assertEquals(ResultCode.OK, engine.submit(template, slot ->
        {
            try
            {
                gate.await();
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }));
        ResultCode rc = ResultCode.OK;
        int published = 0;
        while (rc == ResultCode.OK && published < 10_000)
        {
            rc = engine.submit(template, null);
            published++;
        }
        gate.countDown();
        assertEquals(ResultCode.RING_FULL, rc);
        assertFalse(published >= 10_000);
        while (engine.ringRemainingCapacity() < engine.ringSize())
        {
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldPurgeRequestRecordsAfterTheirRetention() throws Exception
    {
        engine.close();
        engine = StockEngine.start(EngineFixture.config(dir, clock).requestRetentionMs(10_000)
            .reservationRetentionMs(20_000));
        ok(engine.receive("keep-me", "MUG", "S1", 5));
        final long r = ok(engine.reserve(id(), "app", line("MUG", "S1", 1), 1_000)).value();
        clock.advance(10_000);
        await(engine.expireDue(10));
        ok(engine.receive("keep-me", "MUG", "S1", 5));   // purged: a new request now
        assertEquals(10, level("MUG", "S1").onHand());
        assertTrue(engine.reservation(r).isPresent());
        clock.advance(20_000);
        await(engine.expireDue(10));
        assertTrue(engine.reservation(r).isEmpty());
    }

    @Test
    void shouldRefuseAHoldLongerThanTheRequestOutcomeIsRemembered() throws Exception
    {
        engine.close();
        engine = StockEngine.start(EngineFixture.config(dir, clock).requestRetentionMs(3_600_000));
        ok(engine.receive("stock-it", "MUG", "S1", 5));
        // A retry of this Reserve after its outcome was purged would reserve again: refused at the edge.
        code(ResultCode.INVALID_TTL, engine.reserve(id(), "app", line("MUG", "S1", 1), 3_600_001));
        ok(engine.reserve(id(), "app", line("MUG", "S1", 1), 3_600_000));
        assertEquals(1, level("MUG", "S1").reserved());
    }

    @Test
    void shouldPurgeRequestRecordsOldestFirstAcrossARestart() throws Exception
    {
        engine.close();
        engine = StockEngine.start(EngineFixture.config(dir, clock).requestRetentionMs(10_000));
        ok(engine.receive("old-1", "MUG", "S1", 1));
        ok(engine.receive("old-2", "MUG", "S1", 1));
        clock.advance(5_000);
        ok(engine.receive("young", "MUG", "S1", 1));
        engine.close();
        // The retention order is the ledger's own (records lie in the order they were made): nothing to rebuild.
        engine = StockEngine.start(EngineFixture.config(dir, clock).requestRetentionMs(10_000));
        clock.advance(5_000);
        await(engine.expireDue(10));
        ok(engine.receive("old-1", "MUG", "S1", 1));   // purged: a new request, applied again
        ok(engine.receive("young", "MUG", "S1", 1));   // 5 s old: remembered, not applied again
        assertEquals(4, level("MUG", "S1").onHand());
    }

    @Test
    void shouldServeBeforeTheReplicaOpensAndSnapshotOnceItHas() throws Exception
    {
        restartWithTheReplicaDeferred();
        final Outcome received = ok(engine.receive("before-replica", "MUG", "S1", 3));
        final CompletableFuture<Outcome> checkpoint = engine.checkpoint();
        Thread.sleep(200);
        assertFalse(checkpoint.isDone(), "no snapshot before the replica may open");
        engine.openReplica();
        final Outcome taken = get(checkpoint);
        assertEquals(ResultCode.OK, taken.code());
        assertTrue(taken.value() >= received.seq(), "the snapshot holds the command applied before it: " + taken);
        assertEquals(3, level("MUG", "S1").onHand());
    }

    @Test
    void shouldCloseAndRecoverWhenStoppedBeforeTheReplicaOpened() throws Exception
    {
        restartWithTheReplicaDeferred();
        ok(engine.receive("never-replicated", "MUG", "S1", 2));
        engine.close();
        engine = StockEngine.start(EngineFixture.config(dir, clock));
        assertEquals(2, level("MUG", "S1").onHand());
    }

    /** As the server starts it: the snapshot replica stays closed until {@code openReplica()}. */
    private void restartWithTheReplicaDeferred() throws Exception
    {
        engine.close();
        engine = StockEngine.start(EngineFixture.config(dir, clock).replicaOpenDeferred(true));
    }
}
