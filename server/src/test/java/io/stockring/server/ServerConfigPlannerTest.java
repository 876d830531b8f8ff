package io.stockring.server;

import io.stockring.planner.PlannerConfig;
import io.stockring.planner.policy.AbcClass;
import io.stockring.planner.policy.SafetyStockMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigPlannerTest
{
    @TempDir
    Path dir;

    private ServerConfig load(final String... lines) throws Exception
    {
        return new ServerConfig().load(Files.writeString(dir.resolve("stockring.properties"), String.join("\n", lines)));
    }

    @Test
    void plannerSettingsReachThePlanner() throws Exception
    {
        final PlannerConfig c = load("planner.history.days=365", "planner.abc.a.share=0.6", "planner.abc.b.share=0.85",
            "planner.service.level.a=0.99", "planner.safety.stock.method=max-minus-mean",
            "planner.central.reserve.share=0.25", "planner.zone=Asia/Shanghai").validate().plannerConfig();
        assertEquals(365, c.historyDays());
        assertEquals(0.6, c.policy().abcACumulativeShare());
        assertEquals(0.99, c.policy().classPolicy(AbcClass.A).cycleServiceLevel());
        assertEquals(0.95, c.policy().classPolicy(AbcClass.B).cycleServiceLevel(), "unset: the default");
        assertEquals(SafetyStockMethod.SIMPLE_MAX_MINUS_MEAN, c.policy().safetyStockMethod());
        assertEquals(0.25, c.policy().centralReserveShare());
        assertEquals("Asia/Shanghai", c.zone().getId());
    }

    @Test
    void badPlannerSettingsAreRefusedAtStartWithTheirName() throws Exception
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> load("planner.safety.stock.method=guess"))
            .getMessage().contains("planner.safety.stock.method"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> load("planner.zone=Mars/Olympus"))
            .getMessage().contains("planner.zone"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> load("planner.service.level.a=high"))
            .getMessage().contains("planner.service.level.a"));
        final IllegalArgumentException shares = assertThrows(IllegalArgumentException.class,
            () -> load("planner.abc.a.share=0.95", "planner.abc.b.share=0.9").validate());
        assertTrue(shares.getMessage().startsWith("planner settings: "), shares.getMessage());
    }
}
