package io.stockring.planner.forecast;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EffectEstimatorTest
{
    private static final LocalDate START = LocalDate.of(2023, 1, 1);
    private static final int HISTORY_DAYS = 731;
    private static final LocalDate FORECAST_START = START.plusDays(HISTORY_DAYS);
    private static final int HORIZON_DAYS = 365;

    /** Mid-Autumn: the festival and two days after, sales rising a week before. */
    private static CalendarEvent midAutumn(final LocalDate festival)
    {
        return CalendarEvent.holiday("mid-autumn", festival, festival.plusDays(2), 7);
    }

    private static final List<CalendarEvent> MID_AUTUMN_HISTORY =
        List.of(midAutumn(LocalDate.of(2023, 9, 29)), midAutumn(LocalDate.of(2024, 9, 17)));
    private static final CalendarEvent MID_AUTUMN_2025 = midAutumn(LocalDate.of(2025, 10, 6));

    /** The programme rhythm, times {@code lift} on every day an event of {@code events} covers. */
    private static DemandSeries history(final long seed, final List<CalendarEvent> events, final double lift)
    {
        final Drivers drivers = Drivers.ofEvents(START, HISTORY_DAYS, events);
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] y = new double[HISTORY_DAYS];
        for (int t = 0; t < HISTORY_DAYS; t++)
        {
            final LocalDate day = START.plusDays(t);
            final boolean event = drivers.maskAt(day.toEpochDay()) != 0;
            y[t] = Synthetic.poisson(random, 20 * Synthetic.rhythm(day) * (event ? lift : 1));
        }
        return new DemandSeries(START, y, drivers);
    }

    @Test
    void aThreefoldHolidayInTwoPastYearsIsMeasuredAsAboutThreefold()
    {
        final Forecaster forecaster = new Forecaster();
        for (long seed = 1; seed <= 5; seed++)
        {
            final DemandSeries history = history(seed, MID_AUTUMN_HISTORY, 3);
            final Drivers future = Drivers.ofEvents(FORECAST_START, HORIZON_DAYS, List.of(MID_AUTUMN_2025));
            final ForecastResult with = forecaster.forecast(history, HORIZON_DAYS, future);
            final ForecastResult without = forecaster.forecast(history, HORIZON_DAYS, Drivers.NONE);

            final Effects effects = with.effects();
            assertEquals(3, effects.multiplierOf("mid-autumn"), 0.3, "seed=" + seed);
            assertEquals(2, effects.occurrences(0), "seed=" + seed);
            assertEquals(1.0, effects.weight(0), 1e-12, "seed=" + seed);
            for (int h = 0; h < HORIZON_DAYS; h++)
            {
                final boolean active = future.isActive("mid-autumn", FORECAST_START.plusDays(h));
                final double ratio = with.forecast().mean()[h] / without.forecast().mean()[h];
                assertEquals(active ? effects.multiplierOf("mid-autumn") : 1, ratio, 1e-9, "seed=" + seed + " day " + h);
                assertTrue(with.forecast().upper()[h] >= with.forecast().mean()[h], "seed=" + seed + " day " + h);
            }
        }
    }

    @Test
    void anEventNeverSeenInHistoryUsesItsConfiguredDefault()
    {
        final long seed = 7;
        final DemandSeries history = history(seed, MID_AUTUMN_HISTORY, 3);
        final CalendarEvent doublePoints =
            CalendarEvent.promotion("double-points", FORECAST_START.plusDays(10), FORECAST_START.plusDays(12));
        final CalendarEvent springFestival = CalendarEvent.holiday("spring-festival", LocalDate.of(2025, 1, 28),
            LocalDate.of(2025, 2, 4), 0).withDefaultMultiplier(1.7);
        final Drivers future = Drivers.ofEvents(FORECAST_START, HORIZON_DAYS, List.of(doublePoints, springFestival));

        final ForecastResult defaults = new Forecaster().forecast(history, HORIZON_DAYS, future);
        assertTrue(Double.isNaN(defaults.effects().multiplierOf("double-points")));
        assertEquals(2.0, defaults.effects().multiplierFor(doublePoints), 1e-12, "SEED promotion weight");
        assertEquals(1.7, defaults.effects().multiplierFor(springFestival), 1e-12, "the event's own default");

        final ForecastResult custom =
            new Forecaster(ForecastConfig.defaults().promotionMultiplier(2.5)).forecast(history, HORIZON_DAYS, future);
        assertEquals(2.5, custom.effects().multiplierFor(doublePoints), 1e-12);

        final ForecastResult without = new Forecaster().forecast(history, HORIZON_DAYS, Drivers.NONE);
        assertEquals(2.0, defaults.forecast().mean()[11] / without.forecast().mean()[11], 1e-9, "seed=" + seed);
        assertEquals(1.0, defaults.forecast().mean()[9] / without.forecast().mean()[9], 1e-9, "seed=" + seed);
    }

    @Test
    void oneOccurrenceGetsHalfWeightAgainstTheDefault()
    {
        final long seed = 8;
        final DemandSeries history = history(seed, List.of(midAutumn(LocalDate.of(2024, 9, 17))), 3);
        final Effects effects = new Forecaster().forecast(history).effects();
        assertEquals(0.5, effects.weight(0), 1e-12);
        assertEquals(1.5 + 0.5 * (3 - 1.5), effects.multiplierOf("mid-autumn"), 0.2, "seed=" + seed);
    }

    @Test
    void eventDaysDoNotInflateTheBaseForecast()
    {
        final long seed = 9;
        final CalendarEvent lastFortnight = CalendarEvent.promotion("double-points",
            START.plusDays(HISTORY_DAYS - 14), START.plusDays(HISTORY_DAYS - 1));
        final DemandSeries promoted = history(seed, List.of(lastFortnight), 3);
        final DemandSeries plain = history(seed, List.of(), 1);
        final Forecaster forecaster = new Forecaster();
        final double[] promotedMean = forecaster.forecast(promoted, 28, Drivers.NONE).forecast().mean();
        final double[] plainMean = forecaster.forecast(plain, 28, Drivers.NONE).forecast().mean();
        final Forecast naive = new SeasonalNaive().forecast(promoted, 7, Drivers.NONE);
        for (int h = 0; h < 28; h++)
        {
            assertEquals(plainMean[h], promotedMean[h], 0.1 * plainMean[h], "seed=" + seed + " day " + h);
        }
        for (int h = 0; h < 7; h++)
        {
            assertTrue(naive.mean()[h] < 2 * plainMean[h], "the naive reaches past the promotion, day " + h);
        }
    }

    @Test
    void theEstimatorRecoversAnExactRatioAgainstAKnownBase()
    {
        final int days = 120;
        final List<CalendarEvent> events = List.of(
            CalendarEvent.promotion("double-points", START.plusDays(30), START.plusDays(33)),
            CalendarEvent.promotion("double-points", START.plusDays(80), START.plusDays(83)));
        final Drivers drivers = Drivers.ofEvents(START, days, events);
        final double[] y = new double[days];
        for (int t = 0; t < days; t++)
        {
            y[t] = drivers.maskAt(START.plusDays(t).toEpochDay()) != 0 ? 30 : 10;
        }
        final double[] base = new double[days];
        Arrays.fill(base, 10);
        final Effects effects =
            new EffectEstimator(ForecastConfig.defaults()).estimate(new DemandSeries(START, y, drivers), base);
        assertEquals(1, effects.eventCount());
        assertEquals("double-points", effects.eventName(0));
        assertEquals(2, effects.occurrences(0));
        assertEquals(3.0, effects.multiplier(0), 1e-12);
        assertFalse(effects.expiryElasticityMeasured());
        assertEquals(0.2, effects.expiryElasticity(), 1e-12, "the configured default");
    }

    /**
     * Points expire on the last day of each month, in volumes that vary threefold from month to month
     * and three times more at year-end (kept below the factor's clamp, so the truth is linear). Demand follows the programme rhythm (whose month-end rush is the usual
     * expiry) times {@code 1 + 0.5 * (expiry / usual expiry at that point of the month - 1)}.
     */
    @Test
    void demandRisesWithExpiringPointsAboveTheUsualByTheMeasuredElasticity()
    {
        final long seed = 10;
        final double trueElasticity = 0.5;
        final int lookahead = ForecastConfig.defaults().expiryLookaheadDays();
        final SplittableRandom random = new SplittableRandom(seed);
        final int days = HISTORY_DAYS + HORIZON_DAYS + lookahead;
        final double[] expiring = new double[days];
        for (int t = 0; t < days; t++)
        {
            final LocalDate day = START.plusDays(t);
            expiring[t] = 200 * random.nextDouble();
            if (day.getDayOfMonth() == day.lengthOfMonth())
            {
                expiring[t] += (day.getMonthValue() == 12 ? 60_000 : 20_000) * (0.5 + random.nextDouble());
            }
        }
        final Drivers drivers = Drivers.ofExpiry(START, expiring);
        final byte[] daysToMonthEnd = DayCalendar.daysToMonthEnd(START, days);
        final double[] usual =
            ExpiryEffect.usualPoints(drivers, START.toEpochDay(), HISTORY_DAYS, daysToMonthEnd, lookahead);
        final double[] truth = new double[days];
        for (int t = 0; t < days; t++)
        {
            final double x = drivers.expiryMeanAhead(START.toEpochDay() + t, lookahead);
            truth[t] = 40 * Synthetic.rhythm(START.plusDays(t)) *
                ExpiryEffect.factor(trueElasticity, x, usual[daysToMonthEnd[t]]);
        }
        final double[] y = new double[HISTORY_DAYS];
        for (int t = 0; t < HISTORY_DAYS; t++)
        {
            y[t] = Synthetic.poisson(random, truth[t]);
        }
        final ForecastResult result =
            new Forecaster().forecast(new DemandSeries(START, y, drivers), HORIZON_DAYS, drivers);
        assertTrue(result.effects().expiryElasticityMeasured(), "seed=" + seed);
        assertEquals(trueElasticity, result.effects().expiryElasticity(), 0.1, "seed=" + seed);

        final double[] mean = result.forecast().mean();
        double relativeError = 0;
        double yearEndError = 0;
        int yearEndDays = 0;
        for (int h = 0; h < mean.length; h++)
        {
            final double expected = truth[HISTORY_DAYS + h];
            relativeError += Math.abs(mean[h] - expected) / expected / mean.length;
            if (FORECAST_START.plusDays(h).getMonthValue() == 12 && daysToMonthEnd[HISTORY_DAYS + h] < lookahead)
            {
                yearEndError = Math.max(yearEndError, Math.abs(mean[h] - expected) / expected);
                yearEndDays++;
            }
        }
        assertEquals(lookahead, yearEndDays);
        assertTrue(relativeError < 0.1, "mean relative error " + relativeError + " seed=" + seed);
        assertTrue(yearEndError < 0.25, "worst relative error in the year-end rush " + yearEndError + " seed=" + seed);
    }

    @Test
    void withoutExpiryHistoryTheDefaultElasticityAppliesToTheForecastDays()
    {
        final long seed = 11;
        final double[] y = Synthetic.rhythmic(seed, START, HISTORY_DAYS, 30);
        final double[] expiring = new double[HORIZON_DAYS];
        expiring[40] = 1_000_000;
        final Drivers future = Drivers.ofExpiry(FORECAST_START, expiring);
        final Forecaster forecaster = new Forecaster();
        final ForecastResult with = forecaster.forecast(new DemandSeries(START, y), HORIZON_DAYS, future);
        final ForecastResult without = forecaster.forecast(new DemandSeries(START, y), HORIZON_DAYS, Drivers.NONE);
        assertFalse(with.effects().expiryElasticityMeasured());
        assertEquals(0.2, with.effects().expiryElasticity(), 1e-12);
        assertTrue(with.forecast().mean()[38] > 1.2 * without.forecast().mean()[38],
            "demand rises before a huge expiry, seed=" + seed);
        assertEquals(without.forecast().mean()[100], with.forecast().mean()[100], 0.2 * without.forecast().mean()[100],
            "and stays about the same on days without, seed=" + seed);
    }
}
