package io.stockring.planner.forecast;

import java.util.Arrays;

/** Quantile helpers shared by the methods. */
final class Intervals
{
    /** Non-zero sizes are taken from this many recent days for intermittent intervals ... */
    private static final int SIZE_WINDOW_DAYS = 365;
    /** ... unless that window has fewer sizes than this; then from all of history. */
    private static final int MIN_SIZES = 5;

    private Intervals()
    {
    }

    /** The z with Phi(z) = 0.5 + level / 2: half-width of a central interval in standard deviations. */
    static double centralZ(final double level)
    {
        return normalQuantile(0.5 + level / 2);
    }

    /**
     * Inverse of the standard normal distribution function (Acklam's rational approximation,
     * relative error below 1.2e-9): the planner needs a handful of levels and no library.
     */
    static double normalQuantile(final double p)
    {
        if (!(p > 0 && p < 1))
        {
            throw new IllegalArgumentException("probability must be in (0, 1): " + p);
        }
        final double plow = 0.02425;
        if (p < plow)
        {
            return tail(Math.sqrt(-2 * Math.log(p)));
        }
        if (p > 1 - plow)
        {
            return -tail(Math.sqrt(-2 * Math.log(1 - p)));
        }
        final double q = p - 0.5;
        final double r = q * q;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r +
            1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q /
            (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r +
            6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
    }

    private static double tail(final double q)
    {
        return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q -
            2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
            ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q +
            3.754408661907416e+00) * q + 1);
    }

    /** Linear-interpolation quantile (Hyndman-Fan type 7) of {@code sorted[0, count)}, {@code count >= 1}. */
    static double sortedQuantile(final double[] sorted, final int count, final double probability)
    {
        final double h = (count - 1) * probability;
        final int i = (int) Math.floor(h);
        if (i >= count - 1)
        {
            return sorted[count - 1];
        }
        return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
    }

    /**
     * A flat interval for a Croston-type forecast. Daily demand is modelled as a mixture: zero with
     * probability {@code 1 - p}, else a size drawn from the recent non-zero demands rescaled to the
     * smoothed size, with {@code p = rateUnits / sizeUnits}. The interval is the mixture's central
     * quantiles, widened where needed to contain the mean; on mostly-zero days its lower end is 0.
     */
    static void intermittent(final Workspace ws, final double[] y, final int n, final boolean[] skip,
        final double rateUnits, final double sizeUnits, final double level, final int horizonDays,
        final double[] lower, final double[] upper)
    {
        if (!(rateUnits > 0 && sizeUnits > 0))
        {
            Arrays.fill(lower, 0, horizonDays, 0);
            Arrays.fill(upper, 0, horizonDays, Math.max(0, rateUnits));
            return;
        }
        final double[] sizes = ws.sizes;
        int count = gatherSizes(y, Math.max(0, n - SIZE_WINDOW_DAYS), n, skip, sizes);
        if (count < MIN_SIZES)
        {
            count = gatherSizes(y, 0, n, skip, sizes);
        }
        double lo = 0;
        double hi = rateUnits;
        if (count > 0)
        {
            Arrays.sort(sizes, 0, count);
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                sum += sizes[i];
            }
            final double scale = sizeUnits / (sum / count);
            final double p = Math.min(1, rateUnits / sizeUnits);
            final double tail = (1 - level) / 2;
            lo = mixtureQuantile(sizes, count, scale, p, tail);
            hi = mixtureQuantile(sizes, count, scale, p, 1 - tail);
        }
        final double lowerUnits = Math.min(lo, rateUnits);
        final double upperUnits = Math.max(hi, rateUnits);
        Arrays.fill(lower, 0, horizonDays, lowerUnits);
        Arrays.fill(upper, 0, horizonDays, upperUnits);
    }

    private static int gatherSizes(final double[] y, final int from, final int n, final boolean[] skip, final double[] out)
    {
        int count = 0;
        for (int t = from; t < n; t++)
        {
            if (y[t] > 0 && (skip == null || !skip[t]))
            {
                out[count++] = y[t];
            }
        }
        return count;
    }

    private static double mixtureQuantile(final double[] sorted, final int count, final double scale,
        final double demandProbability, final double u)
    {
        final double zeroProbability = 1 - demandProbability;
        if (u <= zeroProbability)
        {
            return 0;
        }
        return scale * sortedQuantile(sorted, count, (u - zeroProbability) / demandProbability);
    }
}
