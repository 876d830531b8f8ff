package io.stockring.planner.forecast;

import java.util.Objects;

/**
 * Croston (1972): for intermittent demand, smooth the demand size and the interval between demand
 * days separately and forecast their ratio as a flat daily rate. Slightly biased upward; see
 * {@link Sba}. The interval is the zero-or-size mixture of {@link Intervals#intermittent}.
 */
public final class Croston implements ForecastMethod, BaseModel
{
    public static final String NAME = "croston";

    private final ForecastConfig config;
    private final double alpha;

    /** Smoothing constant picked per series from a small grid. */
    public Croston()
    {
        this(ForecastConfig.defaults());
    }

    public Croston(final ForecastConfig config)
    {
        this(config, Double.NaN);
    }

    /** @param alpha fixed smoothing constant in (0, 1], or NaN to pick per series */
    public Croston(final ForecastConfig config, final double alpha)
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
        return CrostonFilter.fit(ws, y, n, horizonDays, intervalLevel, mean, lower, upper, fitted, alpha, false);
    }
}
