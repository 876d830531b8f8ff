package io.stockring.planner.forecast;

/**
 * Syntetos-Boylan approximation (2005): Croston times {@code 1 - alpha / 2}, which removes most of
 * Croston's upward bias. The default for intermittent and lumpy series.
 */
public final class Sba extends CrostonMethod
{
    public static final String NAME = "sba";

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
        super(NAME, config, alpha, true);
    }
}
