package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import static io.stockring.planner.policy.SafetyStockTest.assertNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyConfigTest
{
    @Test
    void shouldDefaultToThePlaybook()
    {
        final PolicyConfig c = PolicyConfig.defaults();
        assertEquals(new ClassPolicy(AbcClass.A, 1, 0.98, OrderingStrategy.SMALL_FREQUENT), c.classPolicy(AbcClass.A));
        assertEquals(new ClassPolicy(AbcClass.B, 7, 0.95, OrderingStrategy.EOQ), c.classPolicy(AbcClass.B));
        assertEquals(new ClassPolicy(AbcClass.C, 30, 0.90, OrderingStrategy.BULK), c.classPolicy(AbcClass.C));
        assertEquals(0.70, c.abcACumulativeShare(), 0.0);
        assertEquals(0.90, c.abcBCumulativeShare(), 0.0);
        assertEquals(3.0, c.bulkCoverMonths(), 0.0);
        assertEquals(6.0, c.overstockCoverMonths(), 0.0);
        assertEquals(180, c.overstockNoOutboundDays());
        assertEquals(0.30, c.centralReserveShare(), 0.0);
        assertEquals(SafetyStockMethod.STATISTICAL, c.safetyStockMethod());
        assertTrue(c.reorderPointIncludesReviewPeriod());
        assertEquals(1.0, c.minAnnualTurnover(), 0.0);
        assertEquals(12.0, c.maxAnnualTurnover(), 0.0);
        assertEquals(0.05, c.maxStockoutRate(), 0.0);
        assertEquals(0.20, c.maxOverstockRate(), 0.0);
    }

    @Test
    void shouldChangeOnlyWhatIsSet()
    {
        final PolicyConfig c = PolicyConfig.defaults().toBuilder().bulkCoverMonths(2).centralReserveShare(0.25).build();
        assertEquals(2.0, c.bulkCoverMonths(), 0.0);
        assertEquals(0.25, c.centralReserveShare(), 0.0);
        assertEquals(PolicyConfig.defaults().classPolicy(AbcClass.B), c.classPolicy(AbcClass.B));
        assertEquals(PolicyConfig.defaults().toString().replace("bulkCoverMonths=3.0", "bulkCoverMonths=2.0")
            .replace("centralReserveShare=0.3", "centralReserveShare=0.25"), c.toString());
    }

    @Test
    void shouldRejectBadSettingsNamingThem()
    {
        assertNamed("centralReserveShare", () -> PolicyConfig.builder().centralReserveShare(1.5).build());
        assertNamed("bulkCoverMonths", () -> PolicyConfig.builder().bulkCoverMonths(Double.NaN).build());
        assertNamed("abcACumulativeShare", () -> PolicyConfig.builder().abcCumulativeShares(0.95, 0.9).build());
        assertNamed("deadStockNoOutboundDays", () -> PolicyConfig.builder().deadStockNoOutboundDays(90).build());
        assertNamed("maxAnnualTurnover", () -> PolicyConfig.builder().annualTurnoverBand(12, 1).build());
        assertNamed("cycleServiceLevel", () -> new ClassPolicy(AbcClass.A, 1, 1.0, OrderingStrategy.SMALL_FREQUENT));
        assertNamed("reviewPeriodDays", () -> new ClassPolicy(AbcClass.A, -1, 0.98, OrderingStrategy.SMALL_FREQUENT));
    }
}
