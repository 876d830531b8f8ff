package io.stockring.planner.forecast;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeasonalSmoothingTest
{
    private static final LocalDate START = Synthetic.START;

    @Test
    void beatsTheSeasonalNaiveOnThePointsProgrammeRhythm()
    {
        final Backtest backtest = new Backtest();
        final List<BacktestComparison> all = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++)
        {
            final DemandSeries series = new DemandSeries(START, Synthetic.rhythmic(seed, START, 730, 20));
            final BacktestComparison c = backtest.compare(new SeasonalSmoothing(), series);
            assertEquals(4, c.method().origins(), "seed=" + seed);
            assertTrue(c.method().mase() < c.baseline().mase(), "seed=" + seed + " " + c);
            all.add(c);
        }
        final Accuracy accuracy = Accuracy.of(all);
        assertTrue(accuracy.meanMase() < 0.6 * accuracy.baselineMeanMase(), "seeds 1..10 " + accuracy);
        assertTrue(accuracy.wape() < 0.6 * accuracy.baselineWape(), "seeds 1..10 " + accuracy);
    }

    @Test
    void learnsTheWeekendAndMonthEdgeLifts()
    {
        final long seed = 21;
        final DemandSeries series = new DemandSeries(START, Synthetic.rhythmic(seed, START, 730, 40));
        final Forecast f = new SeasonalSmoothing().forecast(series, 365, Drivers.NONE);
        double weekday = 0;
        double weekend = 0;
        double monthStart = 0;
        double monthEnd = 0;
        int weekdays = 0;
        int weekends = 0;
        int starts = 0;
        int ends = 0;
        for (int h = 0; h < 365; h++)
        {
            final LocalDate day = f.start().plusDays(h);
            final boolean isWeekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            final int dom = day.getDayOfMonth();
            if (dom <= 3 && !isWeekend)
            {
                monthStart += f.mean()[h];
                starts++;
            }
            else if (dom > day.lengthOfMonth() - 3 && !isWeekend)
            {
                monthEnd += f.mean()[h];
                ends++;
            }
            else if (dom > 3 && dom <= day.lengthOfMonth() - 3)
            {
                if (isWeekend)
                {
                    weekend += f.mean()[h];
                    weekends++;
                }
                else
                {
                    weekday += f.mean()[h];
                    weekdays++;
                }
            }
        }
        final double weekdayMean = weekday / weekdays;
        assertEquals(1.3, weekend / weekends / weekdayMean, 0.08, "weekend lift, seed=" + seed);
        assertEquals(1.8, monthStart / starts / weekdayMean, 0.15, "month-start lift, seed=" + seed);
        assertEquals(1.6, monthEnd / ends / weekdayMean, 0.15, "month-end lift, seed=" + seed);
        assertEquals(40, weekdayMean, 3, "level, seed=" + seed);
    }

    @Test
    void intervalsAreOrderedAndNeverBelowZero()
    {
        for (long seed = 1; seed <= 10; seed++)
        {
            final double base = seed <= 5 ? 0.8 : 25;
            final DemandSeries series = new DemandSeries(START, Synthetic.rhythmic(seed, START, 400, base));
            final Forecast f = new SeasonalSmoothing().forecast(series, 90, Drivers.NONE);
            for (int h = 0; h < 90; h++)
            {
                final String where = "seed=" + seed + " day " + h;
                assertTrue(f.lower()[h] >= 0, where);
                assertTrue(f.lower()[h] <= f.mean()[h], where);
                assertTrue(f.mean()[h] <= f.upper()[h], where);
            }
        }
    }

    @Test
    void theNinetyPercentIntervalCoversAboutNinetyPercentOfFutureDays()
    {
        int inside = 0;
        int days = 0;
        final long firstSeed = 500;
        for (long seed = firstSeed; seed < firstSeed + 20; seed++)
        {
            final double[] all = Synthetic.rhythmic(seed, START, 730 + 90, 30);
            final DemandSeries history = new DemandSeries(START, Arrays.copyOf(all, 730));
            final Forecast f = new SeasonalSmoothing().forecast(history, 90, Drivers.NONE);
            assertEquals(0.90, f.intervalLevel());
            for (int h = 0; h < 90; h++)
            {
                final double actual = all[730 + h];
                inside += actual >= f.lower()[h] && actual <= f.upper()[h] ? 1 : 0;
                days++;
            }
        }
        final double coverage = (double) inside / days;
        assertTrue(coverage >= 0.80 && coverage <= 0.98,
            "coverage " + coverage + " seeds " + firstSeed + ".." + (firstSeed + 19));
    }

    @Test
    void sigmaDailyIsTheOneStepErrorOfTheSeries()
    {
        final long seed = 31;
        final DemandSeries series = new DemandSeries(START, Synthetic.noise(seed, 730, 100, 10));
        final Forecast f = new SeasonalSmoothing().forecast(series, 30, Drivers.NONE);
        assertEquals(10, f.sigmaDaily(), 1.0, "white noise of sd 10, seed=" + seed);
        assertEquals(100, f.mean()[0], 3, "seed=" + seed);
    }

    @Test
    void underTwoWeeksItFallsBackToTheMean()
    {
        final double[] y = {4, 6, 5, 5, 4, 6, 5, 5, 4, 6};
        final Forecast f = new SeasonalSmoothing().forecast(new DemandSeries(START, y), 7, Drivers.NONE);
        for (int h = 0; h < 7; h++)
        {
            assertEquals(5, f.mean()[h], 1e-12);
        }
    }

    @Test
    void monthPositionsLineUpWhateverTheMonthLength()
    {
        assertEquals(0, DayCalendar.monthPosition(1, 28));
        assertEquals(2, DayCalendar.monthPosition(3, 31));
        assertEquals(DayCalendar.MID_MONTH, DayCalendar.monthPosition(4, 28));
        assertEquals(DayCalendar.MID_MONTH, DayCalendar.monthPosition(25, 28));
        assertEquals(4, DayCalendar.monthPosition(26, 28));
        assertEquals(4, DayCalendar.monthPosition(29, 31));
        assertEquals(6, DayCalendar.monthPosition(28, 28));
        assertEquals(6, DayCalendar.monthPosition(30, 30));
        assertEquals(6, DayCalendar.monthPosition(31, 31));

        final LocalDate from = LocalDate.of(2023, 12, 20);
        final int days = 800;
        final byte[] weekday = new byte[days];
        final byte[] position = new byte[days];
        DayCalendar.fill(from, days, weekday, position, null);
        for (int t = 0; t < days; t++)
        {
            final LocalDate day = from.plusDays(t);
            assertEquals(day.getDayOfWeek().getValue() - 1, weekday[t], day.toString());
            assertEquals(DayCalendar.monthPosition(day.getDayOfMonth(), day.lengthOfMonth()), position[t], day.toString());
        }
    }
}
