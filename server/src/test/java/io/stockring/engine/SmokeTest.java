package io.stockring.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.stockring.engine.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest
{
    @TempDir
    Path dir;

    @Test
    void reserveConfirmRoundTrip() throws Exception
    {
        final ManualClock clock = new ManualClock(EngineFixture.T0);
        try (StockEngine engine = StockEngine.start(EngineFixture.config(dir, clock)))
        {
            assertEquals(ResultCode.OK, await(engine.upsertLocation("l1", "WH", "Central", LocationKind.CENTRAL_WAREHOUSE, null)).code());
            assertEquals(ResultCode.OK, await(engine.upsertItem("i1", "MUG", "Mug", "home")).code());
            assertEquals(ResultCode.OK, await(engine.receive("r1", "MUG", "WH", 10)).code());
            final Outcome res = await(engine.reserve("res1", "app", List.of(new StockEngine.Line("MUG", "WH", 3)), 60_000));
            assertEquals(ResultCode.OK, res.code());
            assertEquals(7, engine.stock("MUG", "WH").orElseThrow().available());
            assertEquals(ResultCode.OK, await(engine.confirm("c1", res.value())).code());
            assertEquals(7, engine.stock("MUG", "WH").orElseThrow().onHand());
            System.out.println(EngineFixture.get(engine.verify()));
        }
        final ManualClock clock2 = new ManualClock(EngineFixture.T0);
        try (StockEngine engine = StockEngine.start(EngineFixture.config(dir, clock2)))
        {
            assertEquals(7, engine.stock("MUG", "WH").orElseThrow().onHand());
            System.out.println(engine.recoveryReport());
        }
    }
}
