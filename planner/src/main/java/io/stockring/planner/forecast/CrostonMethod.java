package io.stockring.planner.forecast;

/**
 * What Croston and SBA share: a smoothing constant (fixed, or picked per series from a grid) and
 * the filter itself ({@link CrostonFilter}); they differ only in SBA's bias correction.
 */
abstract class CrostonMethod extends PipelinedMethod
{
    private final double alpha;
    private final boolean biasCorrected;

    /** @param alpha fixed smoothing constant in (0, 1], or NaN to pick per series */
    CrostonMethod(final String name, final ForecastConfig config, final double alpha, final boolean biasCorrected)
    {
        super(name, config);
        if (!Double.isNaN(alpha) && !(alpha > 0 && alpha <= 1))
        {
            throw new IllegalArgumentException("alpha must be in (0, 1] or NaN but was " + alpha);
        }
        this.alpha = alpha;
        this.biasCorrected = biasCorrected;
    }

    @Override
    public double fit(final Workspace ws, final double[] y, final int n, final int horizonDays,
        final double intervalLevel, final double[] mean, final double[] lower, final double[] upper, final double[] fitted)
    {
        return CrostonFilter.fit(ws, y, n, horizonDays, intervalLevel, mean, lower, upper, fitted, alpha, biasCorrected);
    }
}
