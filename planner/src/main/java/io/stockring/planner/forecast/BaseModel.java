package io.stockring.planner.forecast;

/**
 * The array-level core every method of this package implements: fit on a prefix of a prepared
 * series and extrapolate, without events or expiry (the {@link EffectEstimator} adds those on top).
 * The backtest calls it once per origin, so it must not allocate per day.
 */
interface BaseModel
{
    String name();

    /**
     * Fits on {@code y[0, n)} and writes the base forecast of days {@code n .. n + horizonDays - 1}.
     * Days flagged in {@link Workspace#skipMask()} are event days: a model neither learns from them
     * nor counts their errors (it carries its own estimate over them).
     *
     * @param ws            prepared for the series, covering at least {@code n + horizonDays} days
     * @param intervalLevel central probability of {@code [lower, upper]}; used only when lower is given
     * @param mean          out: units per day, {@code [0, horizonDays)}
     * @param lower         out or null
     * @param upper         out or null (given together with lower)
     * @param fitted        out or null: the model's base estimate of each day {@code t < n} made from days
     *                      before t (one-step fitted value); NaN where it has none yet
     * @return the standard deviation of in-sample one-step errors in units (0 when nothing was scored)
     */
    double fit(Workspace ws, double[] y, int n, int horizonDays, double intervalLevel,
        double[] mean, double[] lower, double[] upper, double[] fitted);

    /**
     * Parameters to keep fixed over a backtest's origins, chosen on {@code y[0, earliestOrigin)}
     * (see {@link Workspace#fixedCandidate}); -1 when the model refits at every origin.
     */
    default int chooseForBacktest(Workspace ws, double[] y, int earliestOrigin)
    {
        return -1;
    }
}
