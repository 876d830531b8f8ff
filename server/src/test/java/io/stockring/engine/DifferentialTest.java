package io.stockring.engine;

import io.stockring.core.command.CommandType;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.testing.ManualClock;
import io.stockring.core.testing.StateDigest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static io.stockring.engine.EngineFixture.await;
import static io.stockring.engine.EngineFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long seeded random command sequences, good and bad, with retries and expiry ticks, run
 * against the engine and the {@link ReferenceModel}: every outcome must match, and the whole
 * state is compared at intervals. The engine is restarted midway to fold recovery into it.
 * On a failure the message names the seed and the step; rerun with that seed to reproduce.
 */
class DifferentialTest
{
    private static final String[] SKUS = {"MUG", "PEN", "BAG", "TEA", "CAP", "UMB", "GHOST"};
    private static final String[] LOCATIONS = {"CW", "EAST", "S1", "S2", "NOWHERE"};
    private static final String[] CHANNELS = {"app", "mini", "store-1", "", "channel-name-too-long"};
    private static final int STEPS = 4_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1L, 2L, 3L, 20261125L})
    void engineMatchesTheReferenceModel(final long seed) throws Exception
    {
        final Random random = new Random(seed);
        final ManualClock clock = new ManualClock(EngineFixture.T0);
        final EngineConfig config = EngineFixture.config(dir, clock)
            .capacity(new LedgerCapacity(100, 100, 10_000, 20_000, 40_000));
        final ReferenceModel model = new ReferenceModel();
        final List<ReferenceModel.Op> history = new ArrayList<>();
        final List<Long> reservationIds = new ArrayList<>();
        StockEngine engine = StockEngine.start(config);
        try
        {
            for (int step = 0; step < STEPS; step++)
            {
                clock.advance(random.nextInt(4) == 0 ? random.nextInt(600) : 0);
                final ReferenceModel.Op op = nextOp(random, step, history, reservationIds);
                history.add(op);
                final Outcome actual = await(submit(engine, op));
                final Outcome expected = model.apply(op, actual.seq(), clock.getAsLong());
                final String where = "seed=" + seed + " step=" + step + " op=" + op;
                assertEquals(expected.code(), actual.code(), where);
                assertEquals(expected.value(), actual.value(), where);
                if (op.type() == CommandType.RESERVE && actual.isOk())
                {
                    reservationIds.add(actual.value());
                }
                if (step % 250 == 249)
                {
                    assertEquals(model.digest(), StateDigest.of(engine.reads(), reservationIds), "state differs, " + where);
                }
                if (step == STEPS / 2)
                {
                    engine.close();
                    engine = StockEngine.start(config);
                }
            }
            assertEquals(model.digest(), StateDigest.of(engine.reads(), reservationIds), "final state differs, seed=" + seed);
            final LedgerVerifier.Report report = get(engine.verify());
            assertTrue(report.isClean(), "seed=" + seed + " " + report);
        }
        finally
        {
            engine.close();
        }
    }

    private static CompletableFuture<Outcome> submit(final StockEngine engine, final ReferenceModel.Op op)
    {
        switch (op.type())
        {
            case UPSERT_ITEM:
                return engine.upsertItem(op.requestId(), op.sku(), op.text(), op.location());
            case UPSERT_LOCATION:
                return engine.upsertLocation(op.requestId(), op.location(), op.text(), op.kind(), op.to());
            case RECEIVE:
                return engine.receive(op.requestId(), op.sku(), op.location(), op.quantity());
            case ADJUST:
                return op.setMode() ?
                    engine.adjustTo(op.requestId(), op.sku(), op.location(), op.expected(), op.quantity(), op.text()) :
                    engine.adjustBy(op.requestId(), op.sku(), op.location(), op.quantity(), op.text());
            case TRANSFER:
                return engine.transfer(op.requestId(), op.sku(), op.location(), op.to(), op.quantity());
            case TRANSFER_OUT:
                return engine.transferOut(op.requestId(), op.sku(), op.location(), op.to(), op.quantity());
            case TRANSFER_IN:
                return engine.transferIn(op.requestId(), op.sku(), op.to(), op.quantity());
            case SET_POLICY:
                return engine.setPolicy(op.requestId(), op.sku(), op.location(), op.safety(), op.reorder());
            case RESERVE:
            {
                final List<StockEngine.Line> lines = new ArrayList<>();
                for (int i = 0; i < op.lines().size(); i++)
                {
                    lines.add(new StockEngine.Line(op.lines().get(i)[0], op.lines().get(i)[1], op.quantities().get(i)));
                }
                return engine.reserve(op.requestId(), op.channel(), lines, op.ttlMs());
            }
            case CONFIRM:
                return engine.confirm(op.requestId(), op.reservationId());
            case RELEASE:
                return engine.release(op.requestId(), op.reservationId());
            case EXPIRE_DUE:
                return engine.expireDue(op.maxCount());
            default:
                throw new IllegalArgumentException(op.type().toString());
        }
    }

    private static ReferenceModel.Op nextOp(final Random r, final int step, final List<ReferenceModel.Op> history,
        final List<Long> reservationIds)
    {
        if (step < 6)
        {
            return setup(step);
        }
        final int dice = r.nextInt(100);
        if (dice < 6 && !history.isEmpty())
        {
            final ReferenceModel.Op old = history.get(r.nextInt(history.size()));
            if (old.type() != CommandType.EXPIRE_DUE)
            {
                return old;   // a retry with the same request id and content
            }
        }
        final String requestId = dice < 9 && !history.isEmpty() ?
            history.get(r.nextInt(history.size())).requestId() :   // a reused id, other content
            (r.nextInt(200) == 0 ? (r.nextBoolean() ? "" : "x".repeat(65)) : "op-" + step);
        final String sku = SKUS[r.nextInt(SKUS.length)];
        final String loc = LOCATIONS[r.nextInt(LOCATIONS.length)];
        final String to = LOCATIONS[r.nextInt(LOCATIONS.length)];
        final long qty = r.nextInt(30) == 0 ? -r.nextInt(3) : 1 + r.nextInt(8);
        final int kind = r.nextInt(100);
        if (kind < 4)
        {
            return new ReferenceModel.Op(CommandType.UPSERT_ITEM, requestId, sku, r.nextBoolean() ? "gifts" : null, null,
                0, 0, false, r.nextInt(20) == 0 ? " " : "Gift " + sku + " v" + r.nextInt(3), null, null, null, null, 0, 0,
                0, 0, 0);
        }
        if (kind < 6)
        {
            final LocationKind lk = r.nextInt(20) == 0 ? null : LocationKind.values()[r.nextInt(4)];
            return new ReferenceModel.Op(CommandType.UPSERT_LOCATION, requestId, null, loc, r.nextBoolean() ? to : null,
                0, 0, false, "Place " + loc, lk, null, null, null, 0, 0, 0, 0, 0);
        }
        if (kind < 20)
        {
            return new ReferenceModel.Op(CommandType.RECEIVE, requestId, sku, loc, null, qty * 3, 0, false, null, null,
                null, null, null, 0, 0, 0, 0, 0);
        }
        if (kind < 26)
        {
            final boolean set = r.nextBoolean();
            return new ReferenceModel.Op(CommandType.ADJUST, requestId, sku, loc, null,
                set ? r.nextInt(15) - (r.nextInt(20) == 0 ? 20 : 0) : r.nextInt(11) - 5, r.nextInt(12), set,
                r.nextInt(25) == 0 ? "" : "stocktake", null, null, null, null, 0, 0, 0, 0, 0);
        }
        if (kind < 34)
        {
            final CommandType t = r.nextInt(3) == 0 ? CommandType.TRANSFER_OUT : CommandType.TRANSFER;
            return new ReferenceModel.Op(t, requestId, sku, loc, to, qty, 0, false, null, null, null, null, null, 0, 0, 0,
                0, 0);
        }
        if (kind < 38)
        {
            return new ReferenceModel.Op(CommandType.TRANSFER_IN, requestId, sku, null, to, qty, 0, false, null, null,
                null, null, null, 0, 0, 0, 0, 0);
        }
        if (kind < 42)
        {
            return new ReferenceModel.Op(CommandType.SET_POLICY, requestId, sku, loc, null, 0, 0, false, null, null, null,
                null, null, 0, 0, r.nextInt(12) - (r.nextInt(30) == 0 ? 5 : 0), r.nextInt(15), 0);
        }
        if (kind < 70)
        {
            final int n = r.nextInt(40) == 0 ? (r.nextBoolean() ? 0 : 9) : 1 + r.nextInt(3);
            final List<String[]> lines = new ArrayList<>();
            final List<Long> qs = new ArrayList<>();
            for (int i = 0; i < n; i++)
            {
                lines.add(new String[]{SKUS[r.nextInt(SKUS.length - 1)], LOCATIONS[r.nextInt(LOCATIONS.length - 1)]});
                qs.add(r.nextInt(40) == 0 ? 0L : 1L + r.nextInt(4));
            }
            final long ttl = r.nextInt(40) == 0 ? 0 : 1_000 + r.nextInt(6) * 1_000;
            return new ReferenceModel.Op(CommandType.RESERVE, requestId, null, null, null, 0, 0, false, null, null,
                CHANNELS[r.nextInt(20) == 0 ? 3 + r.nextInt(2) : r.nextInt(3)], lines, qs, ttl, 0, 0, 0, 0);
        }
        if (kind < 90)
        {
            final long id = reservationIds.isEmpty() || r.nextInt(25) == 0 ? r.nextInt(3) * 99_999L :
                reservationIds.get(Math.max(0, reservationIds.size() - 1 - r.nextInt(20)));
            return new ReferenceModel.Op(r.nextBoolean() ? CommandType.CONFIRM : CommandType.RELEASE, requestId, null,
                null, null, 0, 0, false, null, null, null, null, null, 0, id, 0, 0, 0);
        }
        return new ReferenceModel.Op(CommandType.EXPIRE_DUE, null, null, null, null, 0, 0, false, null, null, null, null,
            null, 0, 0, 0, 0, 1 + r.nextInt(4));
    }

    private static ReferenceModel.Op setup(final int step)
    {
        final String id = "setup-" + step;
        switch (step)
        {
            case 0:
                return new ReferenceModel.Op(CommandType.UPSERT_LOCATION, id, null, "CW", null, 0, 0, false, "Central",
                    LocationKind.CENTRAL_WAREHOUSE, null, null, null, 0, 0, 0, 0, 0);
            case 1:
                return new ReferenceModel.Op(CommandType.UPSERT_LOCATION, id, null, "EAST", "CW", 0, 0, false, "East",
                    LocationKind.REGIONAL_WAREHOUSE, null, null, null, 0, 0, 0, 0, 0);
            case 2:
                return new ReferenceModel.Op(CommandType.UPSERT_LOCATION, id, null, "S1", "EAST", 0, 0, false, "Store 1",
                    LocationKind.STORE, null, null, null, 0, 0, 0, 0, 0);
            default:
                return new ReferenceModel.Op(CommandType.UPSERT_ITEM, id, SKUS[step - 3], "gifts", null, 0, 0, false,
                    "Gift " + SKUS[step - 3], null, null, null, null, 0, 0, 0, 0, 0);
        }
    }
}
