package io.stockring.planner.forecast;

import java.util.Objects;

/**
 * What Croston and SBA share: a smoothing constant (fixed, or picked per series from a grid), the
 * standalone {@link ForecastMethod} wiring, and the filter itself ({@link CrostonFilter}); they
 * differ only in SBA's bias correction.
 */
abstract class CrostonMethod implements ForecastMethod, BaseModel
{
    private final ForecastConfig config;
    private final double alpha;
    private final boolean biasCorrected;

    /** @param alpha fixed smoothing constant in (0, 1], or NaN to pick per series */
    CrostonMethod(final ForecastConfig config, final double alpha, final boolean biasCorrected)
    {
        this.config = Objects.requireNonNull(config, "config").validate();
        if (!Double.isNaN(alpha) && !(alpha > 0 && alpha <= 1))
        {
            throw new IllegalArgumentException("alpha must be in (0, 1] or NaN but was " + alpha);
        }
        this.alpha = alpha;
        this.biasCorrected = biasCorrected;
    }

    @Override
    public Forecast forecast(final DemandSeries history, final int horizonDays, final Drivers futureDrivers)
    {
        return ForecastPipeline.standalone(this, config, history, horizonDays, futureDrivers);
    }

    @Override
    public double fit(final Workspace ws, final double[] y, final int n, final int horizonDays,
        final double intervalLevel, final double[] mean, final double[] lower, final double[] upper, final double[] fitted)
    {
        return CrostonFilter.fit(ws, y, n, horizonDays, intervalLevel, mean, lower, upper, fitted, alpha, biasCorrected);
    }
}
