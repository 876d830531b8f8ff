package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetyStockTest
{
    @Test
    void shouldReproduceThePlaybookRuleOfThumb()
    {
        // monthly mean 1000, expected max 1500, supplier replenishes in 7 days ~ 0.23 month
        final double safetyStock = SafetyStock.maxMinusMean(1500, 1000, 0.23);
        assertEquals(115.0, safetyStock, 1e-9);
        assertEquals(115L, Units.ceilUnits(safetyStock));
        final double stockLevel = SafetyStock.stockLevel(1000, 0.23, safetyStock);
        assertEquals(345.0, stockLevel, 1e-9);
        assertEquals(345L, Units.ceilUnits(stockLevel));
    }

    @Test
    void shouldComputeTheStatisticalBufferOverTheLeadTime()
    {
        // z(95%) = 1.6449; L = 7 days, sigma_d = 10, d = 50, sigma_L = 2 days:
        // sqrt(7 x 10^2 + 50^2 x 2^2) = sqrt(700 + 10000) = 103.4408; x 1.6448536 = 170.145
        final double z = Normal.inverseCdf(0.95);
        assertEquals(1.6449, z, 5e-5);
        final double safetyStock = SafetyStock.statistical(z, 50, 10, 7, 2, 0);
        assertEquals(170.14498217350075, safetyStock, 1e-9);
        assertEquals(170.145, safetyStock, 5e-4);
        assertEquals(safetyStock, SafetyStock.forServiceLevel(0.95, 50, 10, 7, 2, 0), 1e-12);
    }

    @Test
    void shouldProtectTheReviewPeriodTooUnderPeriodicReview()
    {
        // P = 7 + 7: sqrt(14 x 100 + 10000) = sqrt(11400) = 106.77; x 1.6448536 = 175.62
        assertEquals(175.62230888098378, SafetyStock.statistical(Normal.inverseCdf(0.95), 50, 10, 7, 2, 7), 1e-9);
    }

    @Test
    void shouldNeedNoBufferWithSameDayLeadTimeAndContinuousReview()
    {
        assertEquals(0.0, SafetyStock.statistical(2.0, 50, 10, 0, 0, 0), 0.0);
        assertEquals(2.0 * 10.0, SafetyStock.statistical(2.0, 50, 10, 0, 0, 1), 1e-12);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SafetyStock.statistical(2.0, 50, 10, 0, 1, 0));
        assertTrue(e.getMessage().contains("leadTimeStdDevDays"), e.getMessage());
    }

    @Test
    void shouldGiveNoBufferAtFiftyPercentService()
    {
        assertEquals(0.0, SafetyStock.safetyFactor(0.5), 0.0);
        assertEquals(0.0, SafetyStock.forServiceLevel(0.5, 50, 10, 7, 2, 7), 0.0);
    }

    @Test
    void shouldRejectBadInputNamingTheArgument()
    {
        assertNamed("leadTimeDays", () -> SafetyStock.statistical(1.65, 50, 10, -1, 0, 0));
        assertNamed("meanDailyDemand", () -> SafetyStock.statistical(1.65, -50, 10, 7, 0, 0));
        assertNamed("dailyDemandStdDev", () -> SafetyStock.statistical(1.65, 50, Double.NaN, 7, 0, 0));
        assertNamed("leadTimeStdDevDays", () -> SafetyStock.statistical(1.65, 50, 10, 7, -2, 0));
        assertNamed("reviewPeriodDays", () -> SafetyStock.statistical(1.65, 50, 10, 7, 2, Double.POSITIVE_INFINITY));
        assertNamed("z", () -> SafetyStock.statistical(-1, 50, 10, 7, 2, 0));
        assertNamed("cycleServiceLevel", () -> SafetyStock.safetyFactor(0.4));
        assertNamed("cycleServiceLevel", () -> SafetyStock.safetyFactor(1.0));
        assertNamed("maxDemandPerPeriod", () -> SafetyStock.maxMinusMean(900, 1000, 0.23));
        assertNamed("supplyPeriods", () -> SafetyStock.maxMinusMean(1500, 1000, Double.NaN));
    }

    static void assertNamed(final String argument, final org.junit.jupiter.api.function.Executable call)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(argument), "message should name " + argument + ": " + e.getMessage());
    }
}
