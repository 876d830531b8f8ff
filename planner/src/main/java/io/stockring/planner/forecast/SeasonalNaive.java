package io.stockring.planner.forecast;

/**
 * The baseline: each future day repeats the same weekday of the last week of history. Every other
 * method must beat it in the backtest to be used, and its in-sample error scales MASE.
 *
 * <p>Event days are first replaced by the value a week earlier (repeatedly, so a two-week promotion
 * reaches back two weeks): a promotion last week must not be repeated as ordinary demand.
 */
public final class SeasonalNaive extends PipelinedMethod
{
    public static final String NAME = "seasonal-naive";
    public static final int SEASON_DAYS = 7;
    /** Interval width grows with the square root of the weeks ahead, up to this many weeks. */
    private static final int MAX_WIDENING_WEEKS = 4;

    public SeasonalNaive()
    {
        this(ForecastConfig.defaults());
    }

    public SeasonalNaive(final ForecastConfig config)
    {
        super(NAME, config);
    }

    @Override
    public double fit(final Workspace ws, final double[] y, final int n, final int horizonDays,
        final double intervalLevel, final double[] mean, final double[] lower, final double[] upper, final double[] fitted)
    {
        final boolean[] skip = ws.skipMask();
        if (n < SEASON_DAYS)
        {
            return HistoricalMean.fitMean(skip, y, n, horizonDays, intervalLevel, mean, lower, upper, fitted);
        }
        final double[] c = ws.cleaned;
        clean(y, n, skip, c);
        double sse = 0;
        int scored = 0;
        for (int t = 0; t < n; t++)
        {
            if (t < SEASON_DAYS)
            {
                if (fitted != null)
                {
                    fitted[t] = Double.NaN;
                }
                continue;
            }
            final double f = c[t - SEASON_DAYS];
            if (fitted != null)
            {
                fitted[t] = f;
            }
            if (skip == null || !skip[t])
            {
                final double e = y[t] - f;
                sse += e * e;
                scored++;
            }
        }
        final double sigma = scored == 0 ? 0 : Math.sqrt(sse / scored);
        final double z = lower == null ? 0 : Intervals.centralZ(intervalLevel);
        for (int h = 0; h < horizonDays; h++)
        {
            final double m = c[n - SEASON_DAYS + h % SEASON_DAYS];
            mean[h] = m;
            if (lower != null)
            {
                final double halfWidth = z * sigma * Math.sqrt(Math.min(h / SEASON_DAYS + 1, MAX_WIDENING_WEEKS));
                lower[h] = Math.max(0, m - halfWidth);
                upper[h] = m + halfWidth;
            }
        }
        return sigma;
    }

    /**
     * Writes {@code y[0, n)} into {@code out} with each event day replaced by the cleaned value a week
     * before; event days in the first week take the mean of the non-event days of the first two weeks.
     * Causal: {@code out[t]} depends on days up to t only, so a prefix cleans the same.
     */
    static void clean(final double[] y, final int n, final boolean[] skip, final double[] out)
    {
        if (skip == null)
        {
            System.arraycopy(y, 0, out, 0, n);
            return;
        }
        double sum = 0;
        int count = 0;
        for (int t = 0, end = Math.min(n, 2 * SEASON_DAYS); t < end; t++)
        {
            if (!skip[t])
            {
                sum += y[t];
                count++;
            }
        }
        final double fallback = count == 0 ? 0 : sum / count;
        for (int t = 0; t < n; t++)
        {
            if (!skip[t])
            {
                out[t] = y[t];
            }
            else
            {
                out[t] = t >= SEASON_DAYS ? out[t - SEASON_DAYS] : fallback;
            }
        }
    }
}
