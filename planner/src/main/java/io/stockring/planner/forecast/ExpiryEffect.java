package io.stockring.planner.forecast;

/**
 * How expiring points move demand. Members redeem in the days before their points lapse, so the
 * driver of day t is the mean points expiring per day over {@code [t, t + lookahead)}. It is compared
 * with what usually expires at the same distance from the month end: the usual month-end rush is
 * already in the month profile of the base model, and only the excess (a big year-end expiry) or
 * shortfall moves demand further.
 *
 * <pre>
 *   factor(t) = clamp(1 + elasticity * (expiry(t) / usual[daysToMonthEnd(t)] - 1), 0.5, 3)
 * </pre>
 *
 * Immutable.
 */
final class ExpiryEffect
{
    static final double FACTOR_MIN = 0.5;
    static final double FACTOR_MAX = 3;

    private final double elasticity;
    private final boolean measured;
    private final int lookaheadDays;
    private final double[] usualPoints;

    /**
     * @param usualPoints mean expiry driver by days to month end (0..30), or null when unknown
     */
    ExpiryEffect(final double elasticity, final boolean measured, final int lookaheadDays, final double[] usualPoints)
    {
        this.elasticity = elasticity;
        this.measured = measured;
        this.lookaheadDays = lookaheadDays;
        this.usualPoints = usualPoints;
    }

    ExpiryEffect withElasticity(final double newElasticity, final boolean isMeasured)
    {
        return new ExpiryEffect(newElasticity, isMeasured, lookaheadDays, usualPoints);
    }

    double elasticity()
    {
        return elasticity;
    }

    boolean measured()
    {
        return measured;
    }

    int lookaheadDays()
    {
        return lookaheadDays;
    }

    /** Null when the history had no expiry data. */
    double[] usualPoints()
    {
        return usualPoints;
    }

    /** The factor of one day against {@code usual}; 1 when expiry is unknown that day. */
    double factor(final Drivers drivers, final long epochDay, final int daysToMonthEnd, final double[] usual)
    {
        if (elasticity == 0 || usual == null)
        {
            return 1;
        }
        return factor(elasticity, drivers.expiryMeanAhead(epochDay, lookaheadDays), usual[daysToMonthEnd]);
    }

    static double factor(final double elasticity, final double expiryPoints, final double usualPoints)
    {
        if (Double.isNaN(expiryPoints) || !(usualPoints > 0))
        {
            return 1;
        }
        final double f = 1 + elasticity * (expiryPoints / usualPoints - 1);
        return Math.min(FACTOR_MAX, Math.max(FACTOR_MIN, f));
    }

    /**
     * The mean expiry driver by days to month end over {@code days} days from {@code fromEpochDay};
     * a bucket without data takes the overall mean. Null when no day has data or nothing expires.
     */
    static double[] usualPoints(final Drivers drivers, final long fromEpochDay, final int days,
        final byte[] daysToMonthEnd, final int lookaheadDays)
    {
        if (!drivers.hasExpiry())
        {
            return null;
        }
        final double[] sum = new double[DayCalendar.DAYS_TO_MONTH_END_BUCKETS];
        final int[] count = new int[DayCalendar.DAYS_TO_MONTH_END_BUCKETS];
        double total = 0;
        int totalDays = 0;
        for (int t = 0; t < days; t++)
        {
            final double x = drivers.expiryMeanAhead(fromEpochDay + t, lookaheadDays);
            if (!Double.isNaN(x))
            {
                sum[daysToMonthEnd[t]] += x;
                count[daysToMonthEnd[t]]++;
                total += x;
                totalDays++;
            }
        }
        if (totalDays == 0 || total <= 0)
        {
            return null;
        }
        final double overall = total / totalDays;
        for (int k = 0; k < sum.length; k++)
        {
            sum[k] = count[k] > 0 ? sum[k] / count[k] : overall;
        }
        return sum;
    }
}
