package io.stockring.planner.forecast;

import java.util.Arrays;

/**
 * The shared core of {@link Croston} and {@link Sba}: smooth the size of demand and the interval
 * between demands, each updated only on demand days; forecast {@code factor * size / interval}.
 *
 * <p>Initialised at the first demand day d0 with size = its demand and interval = d0 + 1 (the
 * interval counted from before the series began); earlier days have no forecast.
 */
final class CrostonFilter
{
    /** Smoothing constants tried when none is fixed: the range the literature recommends. */
    static final double[] ALPHAS = {0.05, 0.1, 0.15, 0.2, 0.3};

    private CrostonFilter()
    {
    }

    /**
     * Fits with {@code alpha} fixed or (NaN) picked from {@link #ALPHAS} by in-sample one-step squared
     * error, then writes a flat forecast and a mixture interval.
     *
     * @param sba true for the Syntetos-Boylan bias correction {@code 1 - alpha / 2}
     */
    static double fit(final Workspace ws, final double[] y, final int n, final int horizonDays, final double intervalLevel,
        final double[] mean, final double[] lower, final double[] upper, final double[] fitted,
        final double fixedAlpha, final boolean sba)
    {
        final boolean[] skip = ws.skipMask();
        final double[] state = ws.state;
        double alpha = fixedAlpha;
        if (Double.isNaN(alpha))
        {
            double best = Double.POSITIVE_INFINITY;
            for (final double a : ALPHAS)
            {
                final double sse = pass(y, n, skip, a, sba ? 1 - a / 2 : 1, null, state);
                if (sse < best)
                {
                    best = sse;
                    alpha = a;
                }
            }
        }
        final double factor = sba ? 1 - alpha / 2 : 1;
        final double sse = pass(y, n, skip, alpha, factor, fitted, state);
        final double size = state[0];
        final double interval = state[1];
        final int scored = (int) state[2];
        final double rate = state[3] < 0 ? 0 : factor * size / interval;
        Arrays.fill(mean, 0, horizonDays, rate);
        if (lower != null)
        {
            Intervals.intermittent(ws, y, n, skip, rate, size, intervalLevel, horizonDays, lower, upper);
        }
        return scored == 0 ? 0 : Math.sqrt(sse / scored);
    }

    /**
     * One run; returns the one-step squared error sum and writes size, interval, scored days and the
     * first demand day (-1 for none) to {@code state}.
     */
    static double pass(final double[] y, final int n, final boolean[] skip, final double alpha, final double factor,
        final double[] fitted, final double[] state)
    {
        double size = 0;
        double interval = 0;
        int first = -1;
        int last = -1;
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
                    last = t;
                    size = y[t];
                    interval = t + 1;
                }
                continue;
            }
            final double f = factor * size / interval;
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
                size += alpha * (y[t] - size);
                interval += alpha * ((t - last) - interval);
                last = t;
            }
        }
        state[0] = size;
        state[1] = interval;
        state[2] = scored;
        state[3] = first;
        return sse;
    }
}
