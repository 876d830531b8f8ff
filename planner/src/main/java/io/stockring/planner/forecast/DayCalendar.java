package io.stockring.planner.forecast;

import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Weekday and position-in-month of each day, computed by counting rather than by a LocalDate per
 * day (the planner touches 73 million days a run).
 *
 * <p>Positions are keyed from both ends of the month so that 28, 30 and 31-day months line up:
 * points are credited on the first days and expire on the last days, whatever the month's length.
 *
 * <pre>
 *   position:  0      1      2      3 ...................... 4        5        6
 *   day:       1st    2nd    3rd    4th .. 4th-from-last     3rd-last 2nd-last last
 * </pre>
 */
final class DayCalendar
{
    static final int WEEKDAYS = 7;
    static final int MONTH_POSITIONS = 7;
    static final int MID_MONTH = 3;
    /** Days of an average month (30.44) in each position: the weights that make a profile average 1. */
    static final double[] AVERAGE_DAYS_PER_POSITION = {1, 1, 1, 365.25 / 12 - 6, 1, 1, 1};
    static final double AVERAGE_MONTH_DAYS = 365.25 / 12;

    private DayCalendar()
    {
    }

    /** Monday = 0 .. Sunday = 6 (1970-01-01 was a Thursday). */
    static int weekday(final long epochDay)
    {
        return (int) Math.floorMod(epochDay + 3, 7L);
    }

    static int monthPosition(final int dayOfMonth, final int monthLengthDays)
    {
        if (dayOfMonth <= 3)
        {
            return dayOfMonth - 1;
        }
        final int daysToEnd = monthLengthDays - dayOfMonth;
        return daysToEnd <= 2 ? 6 - daysToEnd : MID_MONTH;
    }

    /** Days from the 1st to the last of the longest month: 0 .. 30. */
    static final int DAYS_TO_MONTH_END_BUCKETS = 31;

    /**
     * Fills, for the days from {@code start}: the weekday, the month position and the days left to
     * the end of the month (0 on the last day); {@code daysToMonthEnd} may be null.
     */
    static void fill(final LocalDate start, final int days, final byte[] weekday, final byte[] monthPosition,
        final byte[] daysToMonthEnd)
    {
        int wd = weekday(start.toEpochDay());
        int year = start.getYear();
        int month = start.getMonthValue();
        int dom = start.getDayOfMonth();
        int length = start.lengthOfMonth();
        for (int t = 0; t < days; t++)
        {
            weekday[t] = (byte) wd;
            monthPosition[t] = (byte) monthPosition(dom, length);
            if (daysToMonthEnd != null)
            {
                daysToMonthEnd[t] = (byte) (length - dom);
            }
            if (++wd == WEEKDAYS)
            {
                wd = 0;
            }
            if (++dom > length)
            {
                dom = 1;
                if (++month > 12)
                {
                    month = 1;
                    year++;
                }
                length = Month.of(month).length(Year.isLeap(year));
            }
        }
    }

    /** Days left to the end of the month, 0 on the last day, for each of {@code days} days from {@code start}. */
    static byte[] daysToMonthEnd(final LocalDate start, final int days)
    {
        final byte[] out = new byte[days];
        int dom = start.getDayOfMonth();
        int length = start.lengthOfMonth();
        int month = start.getMonthValue();
        int year = start.getYear();
        for (int t = 0; t < days; t++)
        {
            out[t] = (byte) (length - dom);
            if (++dom > length)
            {
                dom = 1;
                if (++month > 12)
                {
                    month = 1;
                    year++;
                }
                length = Month.of(month).length(Year.isLeap(year));
            }
        }
        return out;
    }
}
