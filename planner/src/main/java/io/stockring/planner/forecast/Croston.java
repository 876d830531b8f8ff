package io.stockring.planner.forecast;

/**
 * Croston (1972): for intermittent demand, smooth the demand size and the interval between demand
 * days separately and forecast their ratio as a flat daily rate. Slightly biased upward; see
 * {@link Sba}. The interval is the zero-or-size mixture of {@link Intervals#intermittent}.
 */
public final class Croston extends CrostonMethod
{
    public static final String NAME = "croston";

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
        super(NAME, config, alpha, false);
    }
}
