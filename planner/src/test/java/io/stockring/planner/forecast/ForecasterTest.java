package io.stockring.planner.forecast;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecasterTest
{
    private static final LocalDate START = Synthetic.START;
    private static final Set<String> METHODS = Set.of(HistoricalMean.NAME, SeasonalNaive.NAME, SeasonalSmoothing.NAME,
        Croston.NAME, Sba.NAME, Tsb.NAME);

    @Test
    void pureNoiseAroundAConstantDoesNotLoseBadlyToTheBaseline()
    {
        final Forecaster forecaster = new Forecaster();
        final List<BacktestComparison> all = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++)
        {
            final ForecastResult r = forecaster.forecast(new DemandSeries(START, Synthetic.noise(seed, 730, 50, 8)));
            final BacktestComparison c = r.backtest();
            assertTrue(r.baselineUsed() || c.method().mase() <= 1.1 * c.baseline().mase(), "seed=" + seed + " " + c);
            assertEquals(r.baselineUsed() ? SeasonalNaive.NAME : SeasonalSmoothing.NAME, r.method(), "seed=" + seed);
            all.add(c);
        }
        final Accuracy accuracy = Accuracy.of(all);
        assertTrue(accuracy.meanMase() <= accuracy.baselineMeanMase(), "seeds 1..10 " + accuracy);
    }

    @Test
    void smoothSeriesGetSeasonalSmoothingAndIntermittentOnesACrostonTypeMethod()
    {
        final Forecaster forecaster = new Forecaster();
        final ForecastResult smooth = forecaster.forecast(new DemandSeries(START, Synthetic.rhythmic(51, START, 730, 20)));
        assertEquals(DemandPattern.SMOOTH, smooth.profile().pattern());
        assertEquals(SeasonalSmoothing.NAME, smooth.method());
        assertFalse(smooth.baselineUsed());
        assertEquals(90, smooth.forecast().horizonDays());

        final ForecastResult sparse = forecaster.forecast(new DemandSeries(START, Synthetic.intermittent(52, 730, 0.3, 3)));
        assertFalse(sparse.profile().pattern().isFrequent(), sparse.profile().toString());
        assertTrue(Set.of(Sba.NAME, Croston.NAME, Tsb.NAME).contains(sparse.method()), "seed=52 " + sparse.method());
        assertEquals(sparse.method(), sparse.backtest().method().method());
    }

    /**
     * For two years Monday sells 50 and other days 10; for the last 18 weeks Thursday does instead.
     * The seasonal naive follows the switch within a week; the smoothed weekday profile lags it, so
     * the backtest sends this series to the baseline.
     */
    @Test
    void whenTheCandidateLosesTheBacktestTheBaselineIsUsedAndRecorded()
    {
        final int days = 730;
        final double[] y = new double[days];
        for (int t = 0; t < days; t++)
        {
            final int weekday = DayCalendar.weekday(START.toEpochDay() + t);
            final int peak = t < days - 126 ? 0 : 3;
            y[t] = weekday == peak ? 50 : 10;
        }
        final ForecastResult r = new Forecaster().forecast(new DemandSeries(START, y));
        assertTrue(r.baselineUsed(), r.backtest().toString());
        assertEquals(SeasonalNaive.NAME, r.method());
        assertEquals(SeasonalNaive.NAME, r.forecast().method());
        assertEquals(SeasonalSmoothing.NAME, r.backtest().method().method(), "the candidate that lost is recorded");
        assertTrue(r.backtest().methodLosesToBaseline());
    }

    @Test
    void anAllZeroSeriesForecastsZero()
    {
        final ForecastResult r = new Forecaster().forecast(new DemandSeries(START, new double[730]));
        for (int h = 0; h < 90; h++)
        {
            assertEquals(0, r.forecast().mean()[h]);
            assertEquals(0, r.forecast().lower()[h]);
            assertEquals(0, r.forecast().upper()[h]);
        }
        assertEquals(0, r.forecast().sigmaDaily());
        assertEquals(0, r.backtest().method().mase());
    }

    @Test
    void underTwoWeeksTheForecastIsTheMeanWithAWideInterval()
    {
        final double[] y = {3, 5, 4, 6, 2, 4, 4, 5, 3, 4};
        final ForecastResult r = new Forecaster().forecast(new DemandSeries(START, y));
        assertEquals(HistoricalMean.NAME, r.method());
        assertFalse(r.backtest().available());
        final Forecast f = r.forecast();
        final double sigma = f.sigmaDaily();
        assertEquals(Math.sqrt(4), sigma, 1e-12, "Poisson floor: sqrt(mean) exceeds the sample sd (1.15)");
        for (int h = 0; h < 90; h++)
        {
            assertEquals(4, f.mean()[h], 1e-12);
            assertEquals(4 + 2 * 1.6448536269514722 * sigma, f.upper()[h], 1e-6, "twice the normal half-width");
            assertEquals(0, f.lower()[h], 1e-12);
        }
        final ForecastResult empty = new Forecaster().forecast(new DemandSeries(START, new double[0]));
        assertEquals(0, empty.forecast().mean()[0]);
        assertEquals(START, empty.forecast().start());
    }

    @Test
    void aSingleSpikeGivesASmallFiniteForecast()
    {
        final double[] y = new double[730];
        y[300] = 200;
        final ForecastResult r = new Forecaster().forecast(new DemandSeries(START, y));
        assertEquals(DemandPattern.INTERMITTENT, r.profile().pattern());
        assertSane(r, 90, "single spike");
        for (int h = 0; h < 90; h++)
        {
            assertTrue(r.forecast().mean()[h] < 1, "day " + h + ": " + r.forecast().mean()[h]);
        }
    }

    @Test
    void aConstantSeriesForecastsTheConstantWithZeroSpread()
    {
        final double[] y = new double[365];
        Arrays.fill(y, 12);
        final ForecastResult r = new Forecaster().forecast(new DemandSeries(START, y));
        assertEquals(DemandPattern.SMOOTH, r.profile().pattern());
        assertEquals(0, r.backtest().method().mase(), 1e-9);
        assertEquals(0, r.forecast().sigmaDaily(), 1e-9);
        for (int h = 0; h < 90; h++)
        {
            assertEquals(12, r.forecast().mean()[h], 1e-9);
            assertEquals(12, r.forecast().upper()[h], 1e-6);
        }
    }

    @Test
    void badArgumentsAreRefused()
    {
        final Forecaster forecaster = new Forecaster();
        final DemandSeries series = new DemandSeries(START, new double[30]);
        assertThrows(IllegalArgumentException.class, () -> forecaster.forecast(series, 0, Drivers.NONE));
        assertThrows(NullPointerException.class, () -> forecaster.forecast(series, 10, null));
        assertThrows(IllegalArgumentException.class, () -> new Forecaster(ForecastConfig.defaults().intervalLevel(1.2)));
        assertThrows(IllegalArgumentException.class, () -> new Forecaster(ForecastConfig.defaults().backtestOrigins(0)));
    }

    /** Many kinds of series through one forecaster (reusing its scratch space): every answer well-formed. */
    @Test
    void manyMixedSeriesThroughOneForecasterAllGiveWellFormedForecasts()
    {
        final long seed = 61;
        final SplittableRandom random = new SplittableRandom(seed);
        final Forecaster forecaster = new Forecaster();
        for (int i = 0; i < 300; i++)
        {
            final int days = 1 + random.nextInt(900);
            final double[] y = switch (i % 6)
            {
                case 0 -> Synthetic.rhythmic(seed + i, START, days, 0.5 + 50 * random.nextDouble());
                case 1 -> Synthetic.intermittent(seed + i, days, 0.02 + 0.5 * random.nextDouble(), 1 + 5 * random.nextDouble());
                case 2 -> Synthetic.noise(seed + i, days, 20, 10);
                case 3 -> new double[days];
                case 4 -> spikes(random, days);
                default -> Synthetic.rhythmic(seed + i, START, days, 5);
            };
            final LocalDate start = START.plusDays(random.nextInt(400));
            final Drivers drivers = i % 3 == 0 ? randomDrivers(random, start, days + 120) : Drivers.NONE;
            final int horizon = 1 + random.nextInt(120);
            final ForecastResult r = forecaster.forecast(new DemandSeries(start, y, drivers), horizon, drivers);
            assertSane(r, horizon, "seed=" + seed + " series " + i + " (" + days + " days)");
        }
    }

    private static double[] spikes(final SplittableRandom random, final int days)
    {
        final double[] y = new double[days];
        for (int k = 0; k < 3; k++)
        {
            y[random.nextInt(days)] = 1 + random.nextInt(500);
        }
        return y;
    }

    private static Drivers randomDrivers(final SplittableRandom random, final LocalDate start, final int days)
    {
        final List<CalendarEvent> events = new ArrayList<>();
        for (int k = 0; k < 4; k++)
        {
            final LocalDate first = start.plusDays(random.nextInt(days));
            final String name = k % 2 == 0 ? "mid-autumn" : "double-points";
            events.add(k % 2 == 0
                ? CalendarEvent.holiday(name, first, first.plusDays(random.nextInt(5)), random.nextInt(20))
                : CalendarEvent.promotion(name, first, first.plusDays(random.nextInt(10))));
        }
        final double[] expiring = new double[days];
        for (int t = 0; t < days; t++)
        {
            expiring[t] = random.nextDouble() < 0.05 ? 10_000 * random.nextDouble() : 0;
        }
        return Drivers.of(start, days, events, expiring);
    }

    private static void assertSane(final ForecastResult r, final int horizon, final String where)
    {
        final Forecast f = r.forecast();
        assertTrue(METHODS.contains(r.method()), where + " method " + r.method());
        assertEquals(r.method(), f.method(), where);
        assertEquals(horizon, f.horizonDays(), where);
        assertTrue(Double.isFinite(f.sigmaDaily()) && f.sigmaDaily() >= 0, where);
        for (int h = 0; h < horizon; h++)
        {
            final String day = where + " day " + h;
            assertTrue(Double.isFinite(f.upper()[h]), day);
            assertTrue(f.lower()[h] >= 0, day);
            assertTrue(f.lower()[h] <= f.mean()[h] + 1e-9, day);
            assertTrue(f.mean()[h] <= f.upper()[h] + 1e-9, day);
        }
    }
}
