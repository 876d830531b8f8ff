package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.stockring.planner.policy.SafetyStockTest.assertNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverstockDetectorTest
{
    private static final OverstockDetector DETECTOR = new OverstockDetector();

    @Test
    void shouldFlagTooManyMonthsOfCover()
    {
        // 1000 units at 5 a day = 200 days > 6 months (182.5 days)
        final OverstockCandidate mugs = new OverstockCandidate("MUG", "CW", "home", 1000, 12.0, 10_000, 5.0, 3);
        final OverstockFinding f = DETECTOR.check(mugs, "TOWEL").orElseThrow();

        assertEquals(Set.of(OverstockRule.EXCESS_COVER), f.rules());
        assertEquals(OverstockSeverity.MODERATE, f.severity());
        assertEquals(200.0, f.coverDays(), 1e-9);
        assertEquals(12_000.0, f.stockValue(), 0.0);
        assertEquals(87L, f.excessUnits());          // 1000 - ceil(5 x 182.5)
        assertEquals(87 * 12.0, f.excessValue(), 1e-9);
        assertEquals(List.of(ClearanceStrategy.POINTS_DISCOUNT, ClearanceStrategy.BUNDLE), f.strategies());
        assertEquals("redeem for 8000 points instead of 10000 (20% fewer) for a limited time",
            f.suggestions().get(0).text());
        assertTrue(f.suggestions().get(1).text().contains("TOWEL"), f.suggestions().get(1).text());

        assertEquals(Optional.empty(), DETECTOR.check(
            new OverstockCandidate("MUG", "CW", "home", 900, 12.0, 10_000, 5.0, 3), "TOWEL"), "180 days of cover is fine");
    }

    @Test
    void shouldFlagStockThatHasNotMovedForHalfAYear()
    {
        // the playbook's headphones: 5000 units worth about 500k, 20000 points each
        final OverstockCandidate headphones = new OverstockCandidate("HEADPHONES", "CW", "audio", 5000, 100.0, 20_000,
            30.0, 180);
        final OverstockFinding f = DETECTOR.check(headphones, null).orElseThrow();

        assertEquals(Set.of(OverstockRule.NO_OUTBOUND), f.rules());
        assertEquals(OverstockSeverity.SEVERE, f.severity());
        assertEquals(500_000.0, f.stockValue(), 0.0);
        assertEquals(5000L, f.excessUnits());
        assertEquals(List.of(ClearanceStrategy.POINTS_DISCOUNT, ClearanceStrategy.POINTS_PLUS_CASH), f.strategies(),
            "no bundle without a popular gift");
        assertEquals("redeem for 10000 points + 30.00 cash instead of 20000 points", f.suggestions().get(1).text());

        assertEquals(Optional.empty(), DETECTOR.check(new OverstockCandidate("HEADPHONES", "CW", "audio", 5000, 100.0,
            20_000, 30.0, 179), null), "179 days is not yet stale and 167 days of cover is fine");
    }

    @Test
    void shouldTreatStockWithoutDemandAsEndlessCover()
    {
        final OverstockFinding f = DETECTOR.check(
            new OverstockCandidate("OLD", "CW", "home", 10, 5.0, 500, 0.0, 30), "MUG").orElseThrow();
        assertEquals(Double.POSITIVE_INFINITY, f.coverDays(), 0.0);
        assertEquals(Set.of(OverstockRule.EXCESS_COVER), f.rules());
        assertEquals(OverstockSeverity.SEVERE, f.severity());
        assertEquals(10L, f.excessUnits());
    }

    @Test
    void shouldEscalateToStaffSaleAndDonationForDeadStock()
    {
        final OverstockFinding f = DETECTOR.check(
            new OverstockCandidate("CALENDAR", "RW-E", "stationery", 300, 4.0, 800, 0.0, 400), "PEN").orElseThrow();
        assertEquals(Set.of(OverstockRule.NO_OUTBOUND, OverstockRule.EXCESS_COVER), f.rules());
        assertEquals(OverstockSeverity.DEAD, f.severity());
        assertEquals(List.of(ClearanceStrategy.POINTS_PLUS_CASH, ClearanceStrategy.STAFF_SALE, ClearanceStrategy.DONATE),
            f.strategies());
        assertTrue(f.suggestions().get(1).text().contains("300 units to staff at cost (4.00)"), f.suggestions().get(1).text());
        assertTrue(f.suggestions().get(2).text().contains("1200.00"), f.suggestions().get(2).text());
    }

    @Test
    void shouldListFindingsByMoneyAtStakeAndBundleWithinTheCategory()
    {
        final List<OverstockFinding> findings = DETECTOR.detect(List.of(
                new OverstockCandidate("MUG", "CW", "home", 1000, 12.0, 10_000, 5.0, 3),
                new OverstockCandidate("TOWEL", "CW", "home", 100, 6.0, 300, 5.0, 3),
                new OverstockCandidate("SPEAKER", "CW", "audio", 200, 150.0, 30_000, 0.5, 200),
                new OverstockCandidate("EMPTY", "CW", "audio", 0, 150.0, 30_000, 0.0, 900)),
            Map.of("home", "TOWEL", "audio", "SPEAKER"));

        assertEquals(List.of("SPEAKER", "MUG"), findings.stream().map(OverstockFinding::sku).toList());
        assertEquals(List.of(ClearanceStrategy.POINTS_DISCOUNT, ClearanceStrategy.POINTS_PLUS_CASH),
            findings.get(0).strategies(), "the popular gift itself is not bundled with itself");
        assertEquals(List.of(ClearanceStrategy.POINTS_DISCOUNT, ClearanceStrategy.BUNDLE), findings.get(1).strategies());
    }

    @Test
    void shouldFollowTheConfiguredLimits()
    {
        final OverstockDetector strict = new OverstockDetector(PolicyConfig.builder()
            .overstockCoverMonths(3).overstockNoOutboundDays(90).clearancePointsDiscountShare(0.3).build());
        final OverstockFinding f = strict.check(
            new OverstockCandidate("MUG", "CW", "home", 500, 12.0, 10_000, 5.0, 95), null).orElseThrow();
        assertEquals(Set.of(OverstockRule.NO_OUTBOUND, OverstockRule.EXCESS_COVER), f.rules());
        assertEquals("redeem for 7000 points instead of 10000 (30% fewer) for a limited time", f.suggestions().get(0).text());
    }

    @Test
    void shouldRejectBadInputNamingTheArgument()
    {
        assertNamed("meanDailyDemand", () -> new OverstockCandidate("X", "CW", "c", 1, 1.0, 1, -1.0, 0));
        assertNamed("meanDailyDemand", () -> new OverstockCandidate("X", "CW", "c", 1, 1.0, 1, Double.NaN, 0));
        assertNamed("daysWithoutOutbound", () -> new OverstockCandidate("X", "CW", "c", 1, 1.0, 1, 1.0, -1));
        assertNamed("onHandUnits", () -> new OverstockCandidate("X", "CW", "c", -1, 1.0, 1, 1.0, 0));
        assertNamed("unitCost", () -> new OverstockCandidate("X", "CW", "c", 1, Double.NaN, 1, 1.0, 0));
    }
}
