package io.stockring.planner.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * Teunter-Syntetos-Babai (2011): smooth the probability of demand every day (so it decays while a
 * gift stops selling, which Croston cannot see) and the size only on demand days; forecast
 * {@code probability * size}. Suits gifts being phased out.
 *
 * <p>Initialised at the first demand day d0 with size = its demand and probability = 1 / (d0 + 1).
 */
public final class Tsb implements ForecastMethod, BaseModel
{
    public static final String NAME = "tsb";

    private static final double[] SIZE_ALPHAS = {0.05, 0.15, 0.3};
    private static final double[] PROBABILITY_BETAS = {0.02, 0.05, 0.1, 0.2};

    private final ForecastConfig config;
    private final double alpha;
    private final double beta;

    /** Smoothing constants picked per series from a small grid. */
    public Tsb()
    {
        this(ForecastConfig.defaults());
    }

    public Tsb(final ForecastConfig config)
    {
        this(config, Double.NaN, Double.NaN);
    }

    /**
     * @param alpha fixed size smoothing constant in (0, 1], or NaN (then beta must be NaN too) to pick both
     * @param beta  fixed probability smoothing constant in (0, 1]
     */
    public Tsb(final ForecastConfig config, final double alpha, final double beta)
    {
        this.config = Objects.requireNonNull(config, "config").validate();
        if (Double.isNaN(alpha) != Double.isNaN(beta))
        {
            throw new IllegalArgumentException("fix both alpha and beta or neither: " + alpha + ", " + beta);
        }
        if (!Double.isNaN(alpha) && !(alpha > 0 && alpha <= 1 && beta > 0 && beta <= 1))
        {
            throw new IllegalArgumentException("alpha and beta must be in (0, 1] but were " + alpha + ", " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
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
        final boolean[] skip = ws.skipMask();
        final double[] state = ws.state;
        double a = alpha;
        double b = beta;
        if (Double.isNaN(a))
        {
            double best = Double.POSITIVE_INFINITY;
            for (final double sizeAlpha : SIZE_ALPHAS)
            {
                for (final double probabilityBeta : PROBABILITY_BETAS)
                {
                    final double sse = pass(y, n, skip, sizeAlpha, probabilityBeta, null, state);
                    if (sse < best)
                    {
                        best = sse;
                        a = sizeAlpha;
                        b = probabilityBeta;
                    }
                }
            }
        }
        final double sse = pass(y, n, skip, a, b, fitted, state);
        final double size = state[0];
        final double probability = state[1];
        final int scored = (int) state[2];
        final double rate = state[3] < 0 ? 0 : probability * size;
        Arrays.fill(mean, 0, horizonDays, rate);
        if (lower != null)
        {
            Intervals.intermittent(ws, y, n, skip, rate, size, intervalLevel, horizonDays, lower, upper);
        }
        return scored == 0 ? 0 : Math.sqrt(sse / scored);
    }

    /**
     * One run; returns the one-step squared error sum and writes size, probability, scored days and
     * the first demand day (-1 for none) to {@code state}.
     */
    static double pass(final double[] y, final int n, final boolean[] skip, final double alpha, final double beta,
        final double[] fitted, final double[] state)
    {
        double size = 0;
        double probability = 0;
        int first = -1;
        double sse = 0;
        int scored = 0;
        for (int t = 0; t < n; t++)
        {
            final boolean eventDay = skip != null && skip[t];
            if (first < 0)
            {
                if (fitted != null)
                {
                    fitted[t] = Double.NaN;
                }
                if (!eventDay && y[t] > 0)
                {
                    first = t;
                    size = y[t];
                    probability = 1.0 / (t + 1);
                }
                continue;
            }
            final double f = probability * size;
            if (fitted != null)
            {
                fitted[t] = f;
            }
            if (eventDay)
            {
                continue;
            }
            final double e = y[t] - f;
            sse += e * e;
            scored++;
            if (y[t] > 0)
            {
                probability += beta * (1 - probability);
                size += alpha * (y[t] - size);
            }
            else
            {
                probability -= beta * probability;
            }
        }
        state[0] = size;
        state[1] = probability;
        state[2] = scored;
        state[3] = first;
        return sse;
    }
}
