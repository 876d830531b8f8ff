package io.stockring.planner.forecast;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacktestTest
{
    private static final LocalDate START = LocalDate.of(2023, 1, 1);

    @Test
    void fourOriginsFourteenDaysApartEachScoringTwentyEightDays()
    {
        final long seed = 41;
        final DemandSeries series = new DemandSeries(START, Synthetic.rhythmic(seed, START, 730, 10));
        final BacktestComparison c = new Backtest().compare(new SeasonalNaive(), series);
        assertEquals(4, c.method().origins());
        assertEquals(4 * 28, c.method().scoredDays());
        assertEquals(c.baseline().mase(), c.method().mase(), 1e-12, "the baseline against itself");
        assertEquals(c.baseline().scaleUnits(), c.method().scaleUnits());
        assertTrue(c.method().wape() > 0);
        assertFalse(c.methodLosesToBaseline());
    }

    @Test
    void fewerOriginsFitInShortHistoryAndNoneInVeryShort()
    {
        final DemandSeries seventy = new DemandSeries(START, Synthetic.rhythmic(42, START, 70, 10));
        assertEquals(2, new Backtest().compare(new SeasonalSmoothing(), seventy).method().origins(),
            "origins at 42 and 28 days; 14 is under the 28-day minimum");
        final BacktestComparison none =
            new Backtest().compare(new SeasonalSmoothing(), new DemandSeries(START, new double[40]));
        assertFalse(none.available());
        assertTrue(Double.isNaN(none.method().mase()));
        assertFalse(none.methodLosesToBaseline());
    }

    @Test
    void aConstantSeriesIsScaledByItsMeanSoAPerfectForecastScoresZero()
    {
        final double[] y = new double[200];
        Arrays.fill(y, 7);
        final BacktestComparison c = new Backtest().compare(new SeasonalSmoothing(), new DemandSeries(START, y));
        assertEquals(7, c.method().scaleUnits(), 1e-12, "seasonal naive in-sample MAE is 0: fall back to the mean");
        assertEquals(0, c.method().mase(), 1e-9);
        assertEquals(0, c.method().wape(), 1e-9);
        assertEquals(0, c.baseline().mase(), 1e-12);
    }

    @Test
    void anAllZeroSeriesIsScaledByOneUnit()
    {
        final BacktestComparison c = new Backtest().compare(new Sba(), new DemandSeries(START, new double[200]));
        assertEquals(1, c.method().scaleUnits());
        assertEquals(0, c.method().mase());
        assertEquals(0, c.method().wape(), "0 / 0 is 0 by convention");
    }

    @Test
    void eventDaysAreNotScored()
    {
        final long seed = 43;
        final int days = 730;
        final CalendarEvent promotion = CalendarEvent.promotion("double-points", START.plusDays(700), START.plusDays(704));
        final Drivers drivers = Drivers.ofEvents(START, days, List.of(promotion));
        final DemandSeries series = new DemandSeries(START, Synthetic.rhythmic(seed, START, days, 10), drivers);
        final BacktestResult r = new Backtest().compare(new SeasonalNaive(), series).method();
        // windows [660, 688), [674, 702), [688, 716), [702, 730): days 700-704 fall in 2 + 5 + 3 of them
        assertEquals(4 * 28 - (2 + 5 + 3), r.scoredDays());
    }

    /**
     * Demand t mod 7 repeats exactly: the seasonal naive is perfect, its in-sample MAE is 0, so the
     * scale is the mean, 3. A flat forecast of 3 is off by 3, 2, 1, 0, 1, 2, 3 over each week: MAE
     * 12 / 7, MASE (12 / 7) / 3 = 4 / 7.
     */
    @Test
    void aMethodFromOutsideThePackageIsScoredThroughItsPublicInterface()
    {
        final double[] y = new double[364];
        for (int t = 0; t < y.length; t++)
        {
            y[t] = t % 7;
        }
        final ForecastMethod flat = new ForecastMethod()
        {
            @Override
            public String name()
            {
                return "flat-3";
            }

            @Override
            public Forecast forecast(final DemandSeries history, final int horizonDays, final Drivers futureDrivers)
            {
                final double[] mean = new double[horizonDays];
                Arrays.fill(mean, 3);
                return new Forecast(name(), history.endExclusive(), mean, mean.clone(), mean.clone(), 0.9, 0);
            }
        };
        final BacktestComparison c = new Backtest().compare(flat, new DemandSeries(START, y));
        assertEquals("flat-3", c.method().method());
        assertEquals(3, c.method().scaleUnits(), 1e-12);
        assertEquals(4.0 / 7, c.method().mase(), 1e-12);
        assertEquals(0, c.baseline().mase(), 1e-12);
        assertTrue(c.methodLosesToBaseline());
    }

    @Test
    void accuracyAggregatesMeanAndMedianMaseAndTotalWape()
    {
        final List<BacktestComparison> comparisons = List.of(
            comparison(0.5, 10, 100, 1.0, 20, 100),
            comparison(1.5, 30, 50, 1.0, 10, 50),
            comparison(0.7, 5, 10, 2.0, 15, 10),
            new BacktestComparison(BacktestResult.unavailable("m"), BacktestResult.unavailable("b")));
        final Accuracy a = Accuracy.of(comparisons);
        assertEquals(3, a.series());
        assertEquals(1, a.unavailable());
        assertEquals((0.5 + 1.5 + 0.7) / 3, a.meanMase(), 1e-12);
        assertEquals(0.7, a.medianMase(), 1e-12);
        assertEquals((10 + 30 + 5) / 160.0, a.wape(), 1e-12, "sum of errors over sum of actuals");
        assertEquals(4.0 / 3, a.baselineMeanMase(), 1e-12);
        assertEquals(1.0, a.baselineMedianMase(), 1e-12);
        assertEquals(45 / 160.0, a.baselineWape(), 1e-12);

        final Accuracy.Accumulator left = new Accuracy.Accumulator().add(comparisons.get(0)).add(comparisons.get(3));
        final Accuracy.Accumulator right = new Accuracy.Accumulator().add(comparisons.get(1)).add(comparisons.get(2));
        assertEquals(a, left.merge(right).result(), "one accumulator per thread, merged, gives the same figures");
    }

    @Test
    void theWholeForecasterCanBeBacktestedAsOneMethod()
    {
        final long seed = 44;
        final DemandSeries series = new DemandSeries(START, Synthetic.rhythmic(seed, START, 400, 15));
        final BacktestComparison c = new Backtest().compare(new Forecaster().asMethod(), series);
        assertEquals(Forecaster.AUTO, c.method().method());
        assertEquals(4, c.method().origins());
        assertTrue(c.method().mase() < c.baseline().mase(), "seed=" + seed + " " + c);
    }

    private static BacktestComparison comparison(final double mase, final double absError, final double actual,
        final double baselineMase, final double baselineAbsError, final double baselineActual)
    {
        return new BacktestComparison(
            new BacktestResult("m", 4, 112, absError, actual, 1, mase, absError / actual),
            new BacktestResult("b", 4, 112, baselineAbsError, baselineActual, 1, baselineMase,
                baselineAbsError / baselineActual));
    }
}
