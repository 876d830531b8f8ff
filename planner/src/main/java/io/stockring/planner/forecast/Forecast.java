package io.stockring.planner.forecast;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A daily forecast with its prediction interval, in units per day.
 *
 * <p>The arrays are owned by the record and not copied (a planning run makes 100,000 of these);
 * treat them as read-only. {@code equals} compares them by identity, as records do.
 *
 * @param method        name of the method that produced it
 * @param start         the first forecast day ({@code mean[0]})
 * @param mean          expected units per day, drivers applied
 * @param lower         lower bound of the interval, never below 0 and never above {@code mean}
 * @param upper         upper bound of the interval, never below {@code mean}
 * @param intervalLevel central probability of {@code [lower, upper]} on each day, e.g. 0.90
 * @param sigmaDaily    standard deviation of the one-step (next day) forecast error in units, measured
 *                      in sample on days without events; the input for safety stock
 */
public record Forecast(String method, LocalDate start, double[] mean, double[] lower, double[] upper,
    double intervalLevel, double sigmaDaily)
{
    public Forecast
    {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        if (lower.length != mean.length || upper.length != mean.length)
        {
            throw new IllegalArgumentException("mean, lower and upper must have one value per day: " +
                mean.length + ", " + lower.length + ", " + upper.length);
        }
        if (!(intervalLevel > 0 && intervalLevel < 1))
        {
            throw new IllegalArgumentException("intervalLevel must be in (0, 1) but was " + intervalLevel);
        }
        if (!(sigmaDaily >= 0) || Double.isInfinite(sigmaDaily))
        {
            throw new IllegalArgumentException("sigmaDaily must be finite and >= 0 but was " + sigmaDaily);
        }
    }

    public int horizonDays()
    {
        return mean.length;
    }

    /** Expected units over {@code days} days from forecast day {@code fromDay}: demand over a lead time. */
    public double meanTotal(final int fromDay, final int days)
    {
        double sum = 0;
        for (int t = fromDay, end = fromDay + days; t < end; t++)
        {
            sum += mean[t];
        }
        return sum;
    }
}
