package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import static io.stockring.planner.policy.SafetyStockTest.assertNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PolicyCalculatorTest
{
    /** Earbuds: cost 20, 7 +- 2 days from the supplier, 100 per order, 25% a year to hold. */
    static final ItemEconomics EARBUDS = new ItemEconomics("EARBUDS", 20.0, 2_000, "audio", 7, 2, 100, 0.25, 1);

    @Test
    void shouldBuildTheWeeklyEoqPolicyOfABItem()
    {
        final StockPolicy p = new PolicyCalculator().calculate("CW", EARBUDS, DemandStats.of(50, 10), AbcClass.B);

        assertEquals(AbcClass.B, p.abcClass());
        assertEquals(7, p.reviewPeriodDays());
        assertEquals(0.95, p.cycleServiceLevel(), 0.0);
        assertEquals(1.6448536269514715, p.safetyFactorZ(), 1e-12);
        assertEquals(OrderingStrategy.EOQ, p.orderingStrategy());
        // SS = 1.6449 x sqrt(14 x 100 + 2500 x 4) = 175.62 -> 176
        assertEquals(176L, p.safetyStockUnits());
        // ROP = S = 50 x (7 + 7) + 175.62 = 875.62 -> 876
        assertEquals(876L, p.reorderPointUnits());
        assertEquals(876L, p.orderUpToUnits());
        // EOQ = sqrt(2 x 18250 x 100 / 5) = 854.4 -> 854
        assertEquals(854L, p.eoqUnits());
        assertEquals(14.0, p.protectionIntervalDays(), 0.0);
    }

    @Test
    void shouldLeaveTheReviewPeriodOutOfTheReorderPointWhenConfigured()
    {
        final PolicyConfig config = PolicyConfig.builder().reorderPointIncludesReviewPeriod(false).build();
        final StockPolicy p = new PolicyCalculator(config).calculate("CW", EARBUDS, DemandStats.of(50, 10), AbcClass.B);
        assertEquals(176L, p.safetyStockUnits());
        assertEquals(526L, p.reorderPointUnits());   // 50 x 7 + 175.62
        assertEquals(876L, p.orderUpToUnits());
    }

    @Test
    void shouldUseEachClassesReviewPeriodAndServiceLevel()
    {
        final ItemEconomics phone = new ItemEconomics("PHONE", 3000.0, 300_000, "digital", 3, 1, 50, 0.25, 1);
        final StockPolicy a = new PolicyCalculator().calculate("CW", phone, DemandStats.of(4, 4), AbcClass.A);
        // z(98%) = 2.0537; sqrt(4 x 16 + 16 x 1) = sqrt(80); SS = 18.37 -> 19; ROP = 4 x 4 + 18.37 -> 35
        assertEquals(1, a.reviewPeriodDays());
        assertEquals(OrderingStrategy.SMALL_FREQUENT, a.orderingStrategy());
        assertEquals(19L, a.safetyStockUnits());
        assertEquals(35L, a.reorderPointUnits());
        assertEquals(35L, a.orderUpToUnits());

        final ItemEconomics towel = new ItemEconomics("TOWEL", 8.0, 300, "home", 14, 3, 60, 0.25, 1);
        final StockPolicy c = new PolicyCalculator().calculate("CW", towel, DemandStats.of(2, 1.5), AbcClass.C);
        // z(90%) = 1.2816; sqrt(44 x 2.25 + 4 x 9) = sqrt(135); SS = 14.89 -> 15; ROP = 2 x 44 + 14.89 -> 103
        assertEquals(30, c.reviewPeriodDays());
        assertEquals(OrderingStrategy.BULK, c.orderingStrategy());
        assertEquals(15L, c.safetyStockUnits());
        assertEquals(103L, c.reorderPointUnits());
    }

    @Test
    void shouldApplyTheSimpleMethodOverTheProtectionInterval()
    {
        final PolicyConfig config = PolicyConfig.builder()
            .safetyStockMethod(SafetyStockMethod.SIMPLE_MAX_MINUS_MEAN)
            .reorderPointIncludesReviewPeriod(false)
            .classPolicy(new ClassPolicy(AbcClass.B, 0, 0.95, OrderingStrategy.EOQ))
            .build();
        // the playbook case in days: mean 1000/30.4 a day, max 1500/30.4 a day, 7 days
        final double mean = 1000 / 30.4;
        final double max = 1500 / 30.4;
        final StockPolicy p = new PolicyCalculator(config).calculate("CW",
            new ItemEconomics("G1", 20.0, 2_000, "audio", 7, 0, 100, 0.25, 1), DemandStats.of(mean, 5, max), AbcClass.B);
        assertEquals(SafetyStockMethod.SIMPLE_MAX_MINUS_MEAN, p.safetyStockMethod());
        assertEquals(116L, p.safetyStockUnits());     // 500 / 30.4 x 7 = 115.13
        assertEquals(346L, p.reorderPointUnits());    // 1000 / 30.4 x 7 + 115.13 = 345.39
    }

    @Test
    void shouldRequireAMaximumForTheSimpleMethod()
    {
        final PolicyConfig config = PolicyConfig.builder().safetyStockMethod(SafetyStockMethod.SIMPLE_MAX_MINUS_MEAN).build();
        assertNamed("maxDailyDemand",
            () -> new PolicyCalculator(config).calculate("CW", EARBUDS, DemandStats.of(50, 10), AbcClass.B));
    }

    @Test
    void shouldHandleSameDaySupplyAndNoDemand()
    {
        final ItemEconomics local = new ItemEconomics("LOCAL", 5.0, 500, "food", 0, 0, 10, 0.2, 1);
        final StockPolicy daily = new PolicyCalculator().calculate("ST-1", local, DemandStats.of(10, 3), AbcClass.A);
        // only the 1-day review period needs protecting: 2.0537 x 3 = 6.16 -> 7; ROP 10 + 6.16 -> 17
        assertEquals(7L, daily.safetyStockUnits());
        assertEquals(17L, daily.reorderPointUnits());

        final StockPolicy idle = new PolicyCalculator().calculate("ST-1", EARBUDS, DemandStats.of(0, 0), AbcClass.C);
        assertEquals(0L, idle.safetyStockUnits());
        assertEquals(0L, idle.reorderPointUnits());
        assertEquals(0L, idle.eoqUnits());
    }

    @Test
    void shouldRejectBadInputNamingTheArgument()
    {
        assertNamed("leadTimeDays", () -> new ItemEconomics("X", 20.0, 1, "c", -1, 0, 100, 0.25, 1));
        assertNamed("leadTimeDays", () -> new ItemEconomics("X", 20.0, 1, "c", Double.NaN, 0, 100, 0.25, 1));
        assertNamed("unitCost", () -> new ItemEconomics("X", -20.0, 1, "c", 7, 0, 100, 0.25, 1));
        assertNamed("holdingCostRatePerYear", () -> new ItemEconomics("X", 20.0, 1, "c", 7, 0, 100, Double.NaN, 1));
        assertNamed("minimumOrderUnits", () -> new ItemEconomics("X", 20.0, 1, "c", 7, 0, 100, 0.25, -1));
        assertNamed("orderMultipleUnits", () -> new ItemEconomics("X", 20.0, 1, "c", 7, 0, 100, 0.25, 1, 0));
        assertNamed("meanDailyDemand", () -> DemandStats.of(-1, 0));
        assertNamed("meanDailyDemand", () -> DemandStats.of(Double.NaN, 0));
        assertNamed("dailyDemandStdDev", () -> DemandStats.of(1, Double.NaN));
        assertNamed("maxDailyDemand", () -> DemandStats.of(10, 1, 5));
        assertNamed("location", () -> new PolicyCalculator().calculate("", EARBUDS, DemandStats.of(50, 10), AbcClass.B));
        assertNamed("abcClass", () -> new PolicyCalculator().calculate("CW", EARBUDS, DemandStats.of(50, 10), null));
    }
}
