package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.stockring.planner.policy.SafetyStockTest.assertNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;

class KpisTest
{
    /** Sells fast from thin stock and refuses members: 300 out of 100 on average in 90 days, 60 of 1000 refused. */
    private static final ItemActivity PHONE = new ItemActivity("PHONE", 300, 100.0, 1000, 60, 80, 16_000.0, 0, 0.0);
    /** Sits: 10 out of 400 on average, a quarter of the stock untouched for half a year. */
    private static final ItemActivity VASE = new ItemActivity("VASE", 10, 400.0, 50, 0, 400, 20_000.0, 100, 5_000.0);

    @Test
    void shouldComputeTheFormulas()
    {
        assertEquals(3.0, Kpis.turnover(300, 100.0), 1e-12);
        assertEquals(3.0 * 365 / 90, Kpis.annualise(3.0, 90), 1e-12);
        assertEquals(0.06, Kpis.stockoutRate(60, 1000), 1e-12);
        assertEquals(0.25, Kpis.overstockRate(100, 400), 1e-12);
        assertEquals(110.0, Kpis.averageStock(100, 120, 110), 1e-12);
    }

    @Test
    void shouldGiveZeroForEmptyDenominators()
    {
        assertEquals(0.0, Kpis.turnover(0, 0.0), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, Kpis.turnover(5, 0.0), 0.0);
        assertEquals(0.0, Kpis.stockoutRate(0, 0), 0.0);
        assertEquals(0.0, Kpis.overstockRate(0, 0), 0.0);
        final KpiReport idle = Kpis.evaluate(new ItemActivity("IDLE", 0, 0.0, 0, 0, 0, 0.0, 0, 0.0), 30);
        assertEquals(Set.of(), idle.flags(), "nothing held, nothing asked: nothing wrong");
    }

    @Test
    void shouldFlagAFastSellerAsAStockoutRisk()
    {
        final KpiReport r = Kpis.evaluate(PHONE, 90);
        assertEquals("PHONE", r.scope());
        assertEquals(3.0, r.turnover(), 1e-12);
        assertEquals(12.1667, r.annualTurnover(), 1e-4);
        assertEquals(0.06, r.stockoutRate(), 1e-12);
        assertEquals(0.0, r.overstockRateUnits(), 0.0);
        assertEquals(Set.of(KpiFlag.STOCKOUT_RISK_HIGH_TURNOVER, KpiFlag.STOCKOUT_RATE_HIGH), r.flags());
    }

    @Test
    void shouldFlagASlowSellerAsAnOverstockRisk()
    {
        final KpiReport r = Kpis.evaluate(VASE, 90);
        assertEquals(0.025, r.turnover(), 1e-12);
        assertEquals(0.1014, r.annualTurnover(), 1e-4);
        assertEquals(0.0, r.stockoutRate(), 0.0);
        assertEquals(0.25, r.overstockRateUnits(), 1e-12);
        assertEquals(0.25, r.overstockRateValue(), 1e-12);
        assertEquals(Set.of(KpiFlag.OVERSTOCK_RISK_LOW_TURNOVER, KpiFlag.OVERSTOCK_RATE_HIGH), r.flags());
    }

    @Test
    void shouldAggregateTheProgrammeFromTheSums()
    {
        final KpiAccumulator programme = new KpiAccumulator(90);
        assertEquals(Kpis.evaluate(PHONE, 90), programme.add(PHONE));
        programme.add(VASE);
        final KpiReport r = programme.report();

        assertEquals(KpiAccumulator.PROGRAMME, r.scope());
        assertEquals(2, programme.items());
        assertEquals(310L, r.outboundUnits());
        assertEquals(500.0, r.averageStockUnits(), 0.0);
        assertEquals(0.62, r.turnover(), 1e-12);                 // 310 / 500
        assertEquals(2.5144, r.annualTurnover(), 1e-4);          // x 365 / 90
        assertEquals(60.0 / 1050.0, r.stockoutRate(), 1e-12);   // 5.7%
        assertEquals(100.0 / 480.0, r.overstockRateUnits(), 1e-12);   // 20.8%
        assertEquals(5_000.0 / 36_000.0, r.overstockRateValue(), 1e-12); // 13.9%
        assertEquals(Set.of(KpiFlag.STOCKOUT_RATE_HIGH, KpiFlag.OVERSTOCK_RATE_HIGH), r.flags());
    }

    @Test
    void shouldFollowTheConfiguredBands()
    {
        final PolicyConfig lenient = PolicyConfig.builder().maxStockoutRate(0.10).annualTurnoverBand(0.5, 24).build();
        assertEquals(Set.of(), Kpis.evaluate(PHONE, 90, lenient).flags());
    }

    @Test
    void shouldRejectBadInputNamingTheArgument()
    {
        assertNamed("reserveRejectedForStock", () -> new ItemActivity("X", 0, 0.0, 1, 2, 0, 0.0, 0, 0.0));
        assertNamed("staleStockUnits", () -> new ItemActivity("X", 0, 0.0, 0, 0, 1, 0.0, 2, 0.0));
        assertNamed("averageStockUnits", () -> new ItemActivity("X", 0, Double.NaN, 0, 0, 0, 0.0, 0, 0.0));
        assertNamed("outboundUnits", () -> new ItemActivity("X", -1, 0.0, 0, 0, 0, 0.0, 0, 0.0));
        assertNamed("windowDays", () -> new KpiAccumulator(0));
        assertNamed("windowDays", () -> Kpis.evaluate(PHONE, Double.NaN));
        assertNamed("stockUnitSnapshots", () -> Kpis.averageStock());
    }
}
