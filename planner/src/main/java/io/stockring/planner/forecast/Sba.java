package io.stockring.planner.forecast;

import java.util.Objects;

/**
 * Syntetos-Boylan approximation (2005): Croston times {@code 1 - alpha / 2}, which removes most of
 * Croston's upward bias. The default for intermittent and lumpy series.
 */
public final class Sba implements ForecastMethod, BaseModel
{
    public static final String NAME = "sba";

    private final ForecastConfig config;
    private final double alpha;

    /** Smoothing constant picked per series from a small grid. */
    public Sba()
    {
        this(ForecastConfig.defaults());
    }

    public Sba(final ForecastConfig config)
    {
        this(config, Double.NaN);
    }

    /** @param alpha fixed smoothing constant in (0, 1], or NaN to pick per series */
    public Sba(final ForecastConfig config, final double alpha)
    {
        this.config = Objects.requireNonNull(config, "config").validate();
        if (!Double.isNaN(alpha) && !(alpha > 0 && alpha <= 1))
        {
            throw new IllegalArgumentException("alpha must be in (0, 1] or NaN but was " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public String name()
    {
        return NAME;
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
        return CrostonFilter.fit(ws, y, n, horizonDays, intervalLevel, mean, lower, upper, fitted, alpha, true);
    }
}
