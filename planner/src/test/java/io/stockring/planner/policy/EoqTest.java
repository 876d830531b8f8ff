package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import static io.stockring.planner.policy.SafetyStockTest.assertNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EoqTest
{
    @Test
    void shouldMatchTheTextbookExample()
    {
        // D = 1300 a year, S = 8 per order, H = 0.225 per unit-year
        assertEquals(304.05, Math.round(Eoq.quantity(1300, 8, 0.225) * 100.0) / 100.0, 0.0);
        assertEquals(304L, Eoq.wholeUnits(1300, 8, 0.225));
    }

    @Test
    void shouldMatchThePlaybookExample()
    {
        // a B gift: 5000 a year, 100 per order, 5 per unit-year -> about 447
        assertEquals(447.2, Math.round(Eoq.quantity(5000, 100, 5) * 10.0) / 10.0, 0.0);
        assertEquals(447L, Eoq.wholeUnits(5000, 100, 5));
    }

    @Test
    void shouldDeriveHoldingCostFromUnitCostAndRate()
    {
        assertEquals(5.0, Eoq.holdingCostPerUnitYear(20.0, 0.25), 1e-12);
    }

    @Test
    void shouldOrderNothingWithoutDemandAndAtLeastOneUnitWithIt()
    {
        assertEquals(0L, Eoq.wholeUnits(0, 100, 5));
        assertEquals(1L, Eoq.wholeUnits(1, 0.01, 100));
    }

    @Test
    void shouldRejectBadInputNamingTheArgument()
    {
        assertNamed("annualDemandUnits", () -> Eoq.quantity(-1, 8, 0.225));
        assertNamed("orderingCostPerOrder", () -> Eoq.quantity(1300, Double.NaN, 0.225));
        assertNamed("holdingCostPerUnitYear", () -> Eoq.quantity(1300, 8, 0));
        assertNamed("holdingCostRatePerYear", () -> Eoq.holdingCostPerUnitYear(20, -0.1));
    }
}
