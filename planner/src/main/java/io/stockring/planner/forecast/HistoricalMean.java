package io.stockring.planner.forecast;

import java.util.Arrays;

/**
 * The fallback for series too short to show a weekly rhythm (under two weeks): the mean of the
 * non-event days, flat, with an interval twice the usual width because two weeks say little.
 * The spread is at least the Poisson one ({@code sqrt(mean)}) so a few equal days do not give a
 * zero-width interval.
 */
public final class HistoricalMean extends PipelinedMethod
{
    public static final String NAME = "mean";
    /** Interval half-width in multiples of the normal one. */
    static final double WIDENING = 2.0;

    public HistoricalMean()
    {
        this(ForecastConfig.defaults());
    }

    public HistoricalMean(final ForecastConfig config)
    {
        super(NAME, config);
    }

    @Override
    public double fit(final Workspace ws, final double[] y, final int n, final int horizonDays,
        final double intervalLevel, final double[] mean, final double[] lower, final double[] upper, final double[] fitted)
    {
        return fitMean(ws.skipMask(), y, n, horizonDays, intervalLevel, mean, lower, upper, fitted);
    }

    /** Also the fallback of the other methods when their history is too short for them. */
    static double fitMean(final boolean[] skip, final double[] y, final int n, final int horizonDays,
        final double intervalLevel, final double[] mean, final double[] lower, final double[] upper, final double[] fitted)
    {
        double sum = 0;
        double squares = 0;
        int count = 0;
        for (int t = 0; t < n; t++)
        {
            if (skip == null || !skip[t])
            {
                sum += y[t];
                squares += y[t] * y[t];
                count++;
            }
        }
        final double meanUnits = count == 0 ? 0 : sum / count;
        final double variance = count < 2 ? 0 : Math.max(0, (squares - count * meanUnits * meanUnits) / (count - 1));
        final double sigma = Math.max(Math.sqrt(variance), Math.sqrt(meanUnits));
        Arrays.fill(mean, 0, horizonDays, meanUnits);
        if (lower != null)
        {
            final double halfWidth = WIDENING * Intervals.centralZ(intervalLevel) * sigma;
            Arrays.fill(lower, 0, horizonDays, Math.max(0, meanUnits - halfWidth));
            Arrays.fill(upper, 0, horizonDays, meanUnits + halfWidth);
        }
        if (fitted != null)
        {
            Arrays.fill(fitted, 0, n, meanUnits);
        }
        return sigma;
    }
}
