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
        double alpha = fixedAlpha;
        final double size;
        final double interval;
        final double sigma;
        final boolean demandSeen;
        if (Double.isNaN(alpha) && fitted == null)
        {
            final int best = bestOfGrid(y, n, skip, sba, ws);
            alpha = ALPHAS[best];
            size = ws.gridA[best];
            interval = ws.gridB[best];
            sigma = ws.gridScoredDays <= 0 ? 0 : Math.sqrt(ws.gridSse[best] / ws.gridScoredDays);
            demandSeen = ws.gridScoredDays >= 0;
        }
        else
        {
            if (Double.isNaN(alpha))
            {
                alpha = ALPHAS[bestOfGrid(y, n, skip, sba, ws)];
            }
            final double[] state = ws.state;
            final double sse = pass(y, n, skip, alpha, factor(sba, alpha), fitted, state);
            size = state[0];
            interval = state[1];
            sigma = state[2] == 0 ? 0 : Math.sqrt(sse / state[2]);
            demandSeen = state[3] >= 0;
        }
        final double rate = demandSeen ? factor(sba, alpha) * size / interval : 0;
        Arrays.fill(mean, 0, horizonDays, rate);
        if (lower != null)
        {
            Intervals.intermittent(ws, y, n, skip, rate, size, intervalLevel, horizonDays, lower, upper);
        }
        return sigma;
    }

    private static int bestOfGrid(final double[] y, final int n, final boolean[] skip, final boolean sba,
        final Workspace ws)
    {
        final double[] sse = ws.gridSse;
        gridSse(y, n, skip, sba, ws, sse);
        int best = 0;
        for (int g = 1; g < ALPHAS.length; g++)
        {
            if (sse[g] < sse[best])
            {
                best = g;
            }
        }
        return best;
    }

    /**
     * The squared error sums of every alpha of {@link #ALPHAS} in one loop over the demand days:
     * between demands the forecast is flat, so a run of k scored zero days adds k * forecast^2.
     * Gives the same sums as {@link #pass} up to rounding; leaves each candidate's size and interval in
     * {@code ws.gridA}/{@code ws.gridB} and the scored days (-1 without any demand) in
     * {@code ws.gridScoredDays}.
     */
    static void gridSse(final double[] y, final int n, final boolean[] skip, final boolean sba, final Workspace ws,
        final double[] sse)
    {
        final int candidates = ALPHAS.length;
        final double[] size = ws.gridA;
        final double[] interval = ws.gridB;
        final double[] rate = ws.gridC;
        Arrays.fill(sse, 0, candidates, 0);
        int last = -1;
        int zeroDays = 0;
        int scored = 0;
        for (int t = 0; t < n; t++)
        {
            final double actual = y[t];
            if (skip != null && skip[t])
            {
                continue;
            }
            if (last < 0)
            {
                if (actual > 0)
                {
                    last = t;
                    for (int g = 0; g < candidates; g++)
                    {
                        size[g] = actual;
                        interval[g] = t + 1;
                        rate[g] = factor(sba, ALPHAS[g]) * actual / (t + 1);
                    }
                }
                continue;
            }
            scored++;
            if (actual == 0)
            {
                zeroDays++;
                continue;
            }
            final double sinceLast = t - last;
            for (int g = 0; g < candidates; g++)
            {
                final double a = ALPHAS[g];
                final double f = rate[g];
                final double e = actual - f;
                sse[g] += zeroDays * f * f + e * e;
                size[g] += a * (actual - size[g]);
                interval[g] += a * (sinceLast - interval[g]);
                rate[g] = factor(sba, a) * size[g] / interval[g];
            }
            last = t;
            zeroDays = 0;
        }
        if (last >= 0)
        {
            for (int g = 0; g < candidates; g++)
            {
                sse[g] += zeroDays * rate[g] * rate[g];
            }
        }
        ws.gridScoredDays = last >= 0 ? scored : -1;
    }

    private static double factor(final boolean sba, final double alpha)
    {
        return sba ? 1 - alpha / 2 : 1;
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
