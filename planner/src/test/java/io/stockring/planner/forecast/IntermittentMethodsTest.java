package io.stockring.planner.forecast;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntermittentMethodsTest
{
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    /** Demands of 3, 5 and 4 on days 2, 4 and 8. */
    private static final double[] TINY = {0, 0, 3, 0, 5, 0, 0, 0, 4};
    private static final ForecastConfig CONFIG = ForecastConfig.defaults();

    /*
     * By hand, alpha = 0.1, initialised at the first demand (day 2): size 3, interval 2 + 1 = 3.
     *   day 4: demand 5, 2 days since day 2: size = 3 + 0.1 (5 - 3) = 3.2,  interval = 3 + 0.1 (2 - 3) = 2.9
     *   day 8: demand 4, 4 days since day 4: size = 3.2 + 0.1 (4 - 3.2) = 3.28, interval = 2.9 + 0.1 (4 - 2.9) = 3.01
     *   Croston = 3.28 / 3.01 = 1.089701; SBA = (1 - 0.1 / 2) * 1.089701 = 1.035216
     * One-step errors on days 3..8 against forecasts 1, 1, 1.103448 (x3), 1.103448:
     *   Croston sigma = sqrt((1 + 16 + 3 * 1.217598 + 8.389813) / 6) = 2.200106
     */
    @Test
    void crostonAndSbaMatchHandComputedValues()
    {
        final DemandSeries series = new DemandSeries(START, TINY);
        final Forecast croston = new Croston(CONFIG, 0.1).forecast(series, 5, Drivers.NONE);
        final Forecast sba = new Sba(CONFIG, 0.1).forecast(series, 5, Drivers.NONE);
        for (int h = 0; h < 5; h++)
        {
            assertEquals(3.28 / 3.01, croston.mean()[h], 1e-12);
            assertEquals(0.95 * 3.28 / 3.01, sba.mean()[h], 1e-12);
        }
        assertEquals(2.2001062922472383, croston.sigmaDaily(), 1e-12);
        assertEquals(2.210366569728274, sba.sigmaDaily(), 1e-12);
        assertEquals(START.plusDays(9), croston.start());
        assertEquals("croston", croston.method());
        assertEquals("sba", sba.method());
    }

    /*
     * TSB by hand, alpha = 0.1 (size), beta = 0.2 (probability), initialised at day 2: size 3,
     * probability 1 / 3. Probability each day after: 0.266667, 0.413333 (demand), 0.330667, 0.264533,
     * 0.211627, 0.369301 (demand); size 3.2 after day 4 and 3.28 after day 8.
     *   TSB = 0.369301 * 3.28 = 1.211308
     */
    @Test
    void tsbMatchesHandComputedValues()
    {
        final Forecast tsb = new Tsb(CONFIG, 0.1, 0.2).forecast(new DemandSeries(START, TINY), 3, Drivers.NONE);
        for (int h = 0; h < 3; h++)
        {
            assertEquals(0.36930133333333337 * 3.28, tsb.mean()[h], 1e-12);
        }
        assertEquals(2.354663146317741, tsb.sigmaDaily(), 1e-12);
    }

    @Test
    void fittedValuesAreTheForecastsMadeFromEarlierDays()
    {
        final Workspace ws = new Workspace();
        final DemandSeries series = new DemandSeries(START, TINY);
        ws.prepare(series, 1);
        final double[] fitted = new double[TINY.length];
        new Croston(CONFIG, 0.1).fit(ws, TINY, TINY.length, 1, 0.9, new double[1], null, null, fitted);
        assertTrue(Double.isNaN(fitted[2]), "no forecast before the first demand is known");
        assertEquals(1.0, fitted[3], 1e-12);
        assertEquals(1.0, fitted[4], 1e-12);
        assertEquals(3.2 / 2.9, fitted[5], 1e-12);
        assertEquals(3.2 / 2.9, fitted[8], 1e-12);
    }

    @Test
    void theFastGridAndTheFullRunPickTheSameParameters()
    {
        for (long seed = 1; seed <= 20; seed++)
        {
            final double[] y = Synthetic.intermittent(seed, 400, 0.15 + 0.02 * seed, 3);
            final DemandSeries series = new DemandSeries(START, y);
            final Workspace ws = new Workspace();
            ws.prepare(series, 7);
            for (final BaseModel model : new BaseModel[] {new Croston(), new Sba(), new Tsb()})
            {
                final double[] fast = new double[7];
                final double[] full = new double[7];
                final double sigmaFast = model.fit(ws, y, y.length, 7, 0.9, fast, null, null, null);
                final double sigmaFull = model.fit(ws, y, y.length, 7, 0.9, full, null, null, new double[y.length]);
                assertEquals(full[0], fast[0], 1e-9 * Math.max(1, full[0]), model.name() + " seed=" + seed);
                assertEquals(sigmaFull, sigmaFast, 1e-9 * Math.max(1, sigmaFull), model.name() + " seed=" + seed);
            }
        }
    }

    @Test
    void sbaAndTsbBeatTheSeasonalNaiveOnIntermittentDemand()
    {
        final Backtest backtest = new Backtest();
        final List<BacktestComparison> sba = new ArrayList<>();
        final List<BacktestComparison> tsb = new ArrayList<>();
        final long firstSeed = 100;
        for (long seed = firstSeed; seed < firstSeed + 30; seed++)
        {
            final double[] y = Synthetic.intermittent(seed, 730, 0.3, 3);
            assertFalse(DemandPattern.classify(y).isFrequent(), "seed=" + seed);
            final DemandSeries series = new DemandSeries(START, y);
            sba.add(backtest.compare(new Sba(), series));
            tsb.add(backtest.compare(new Tsb(), series));
        }
        for (final Accuracy accuracy : new Accuracy[] {Accuracy.of(sba), Accuracy.of(tsb)})
        {
            final String seeds = "seeds " + firstSeed + ".." + (firstSeed + 29) + " " + accuracy;
            assertEquals(30, accuracy.series(), seeds);
            assertTrue(accuracy.meanMase() < 0.95 * accuracy.baselineMeanMase(), seeds);
            assertTrue(accuracy.wape() < accuracy.baselineWape(), seeds);
        }
    }

    @Test
    void intervalsAreNonNegativeAndContainTheMean()
    {
        for (long seed = 1; seed <= 10; seed++)
        {
            final DemandSeries series = new DemandSeries(START, Synthetic.intermittent(seed, 365, 0.2, 4));
            for (final ForecastMethod method : new ForecastMethod[] {new Croston(), new Sba(), new Tsb()})
            {
                final Forecast f = method.forecast(series, 30, Drivers.NONE);
                for (int h = 0; h < 30; h++)
                {
                    final String where = method.name() + " seed=" + seed + " day " + h;
                    assertTrue(f.lower()[h] >= 0, where);
                    assertTrue(f.lower()[h] <= f.mean()[h], where);
                    assertTrue(f.mean()[h] <= f.upper()[h], where);
                    assertTrue(f.upper()[h] > 0, where);
                }
            }
        }
    }

    @Test
    void theIntervalCoversAboutItsLevelOfFutureDays()
    {
        int inside = 0;
        int days = 0;
        final long firstSeed = 300;
        for (long seed = firstSeed; seed < firstSeed + 20; seed++)
        {
            final double[] all = Synthetic.intermittent(seed, 730 + 90, 0.3, 3);
            final Forecast f = new Sba().forecast(new DemandSeries(START, Arrays.copyOf(all, 730)), 90,
                Drivers.NONE);
            for (int h = 0; h < 90; h++)
            {
                final double actual = all[730 + h];
                inside += actual >= f.lower()[h] && actual <= f.upper()[h] ? 1 : 0;
                days++;
            }
        }
        final double coverage = (double) inside / days;
        assertTrue(coverage >= 0.85 && coverage <= 0.99,
            "coverage " + coverage + " seeds " + firstSeed + ".." + (firstSeed + 19));
    }

    @Test
    void noDemandAtAllForecastsZeroWithAZeroInterval()
    {
        for (final ForecastMethod method : new ForecastMethod[] {new Croston(), new Sba(), new Tsb()})
        {
            final Forecast f = method.forecast(new DemandSeries(START, new double[200]), 10, Drivers.NONE);
            for (int h = 0; h < 10; h++)
            {
                assertEquals(0, f.mean()[h], method.name());
                assertEquals(0, f.lower()[h], method.name());
                assertEquals(0, f.upper()[h], method.name());
            }
            assertEquals(0, f.sigmaDaily(), method.name());
        }
    }
}
