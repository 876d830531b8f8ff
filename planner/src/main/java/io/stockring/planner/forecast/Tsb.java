package io.stockring.planner.forecast;

import java.util.Arrays;

/**
 * Teunter-Syntetos-Babai (2011): smooth the probability of demand every day (so it decays while a
 * gift stops selling, which Croston cannot see) and the size only on demand days; forecast
 * {@code probability * size}. Suits gifts being phased out.
 *
 * <p>Initialised at the first demand day d0 with size = its demand and probability = 1 / (d0 + 1).
 */
public final class Tsb extends PipelinedMethod
{
    public static final String NAME = "tsb";

    /** The grid: size smoothing {0.05, 0.15, 0.3} by probability smoothing {0.02, 0.05, 0.1, 0.2}. */
    private static final double[] GRID_ALPHAS = {0.05, 0.05, 0.05, 0.05, 0.15, 0.15, 0.15, 0.15, 0.3, 0.3, 0.3, 0.3};
    private static final double[] GRID_BETAS = {0.02, 0.05, 0.1, 0.2, 0.02, 0.05, 0.1, 0.2, 0.02, 0.05, 0.1, 0.2};

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
        super(NAME, config);
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
    public double fit(final Workspace ws, final double[] y, final int n, final int horizonDays,
        final double intervalLevel, final double[] mean, final double[] lower, final double[] upper, final double[] fitted)
    {
        final boolean[] skip = ws.skipMask();
        final double size;
        final double probability;
        final double sigma;
        final boolean demandSeen;
        if (Double.isNaN(alpha) && fitted == null)
        {
            final int best = bestOfGrid(y, n, skip, ws);
            size = ws.gridA[best];
            probability = ws.gridB[best];
            sigma = ws.gridScoredDays <= 0 ? 0 : Math.sqrt(ws.gridSse[best] / ws.gridScoredDays);
            demandSeen = ws.gridScoredDays >= 0;
        }
        else
        {
            double a = alpha;
            double b = beta;
            if (Double.isNaN(a))
            {
                final int best = bestOfGrid(y, n, skip, ws);
                a = GRID_ALPHAS[best];
                b = GRID_BETAS[best];
            }
            final double[] state = ws.state;
            final double sse = pass(y, n, skip, a, b, fitted, state);
            size = state[0];
            probability = state[1];
            sigma = state[2] == 0 ? 0 : Math.sqrt(sse / state[2]);
            demandSeen = state[3] >= 0;
        }
        final double rate = demandSeen ? probability * size : 0;
        Arrays.fill(mean, 0, horizonDays, rate);
        if (lower != null)
        {
            Intervals.intermittent(ws, y, n, skip, rate, size, intervalLevel, horizonDays, lower, upper);
        }
        return sigma;
    }

    private static int bestOfGrid(final double[] y, final int n, final boolean[] skip, final Workspace ws)
    {
        final double[] sse = ws.gridSse;
        gridSse(y, n, skip, ws, sse);
        int best = 0;
        for (int g = 1; g < GRID_ALPHAS.length; g++)
        {
            if (sse[g] < sse[best])
            {
                best = g;
            }
        }
        return best;
    }

    /**
     * The squared error sums of every grid candidate in one loop: the candidates' recursions are
     * independent, so the processor overlaps them. Same sums as {@link #pass} up to rounding; leaves
     * each candidate's size and probability in {@code ws.gridA}/{@code ws.gridB} and the scored days
     * (-1 without any demand) in {@code ws.gridScoredDays}.
     */
    private static void gridSse(final double[] y, final int n, final boolean[] skip, final Workspace ws,
        final double[] sse)
    {
        final int candidates = GRID_ALPHAS.length;
        final double[] size = ws.gridA;
        final double[] probability = ws.gridB;
        Arrays.fill(sse, 0, candidates, 0);
        boolean started = false;
        int scored = 0;
        for (int t = 0; t < n; t++)
        {
            final double actual = y[t];
            if (skip != null && skip[t])
            {
                continue;
            }
            if (!started)
            {
                if (actual > 0)
                {
                    started = true;
                    Arrays.fill(size, 0, candidates, actual);
                    Arrays.fill(probability, 0, candidates, 1.0 / (t + 1));
                }
                continue;
            }
            scored++;
            if (actual > 0)
            {
                for (int g = 0; g < candidates; g++)
                {
                    final double e = actual - probability[g] * size[g];
                    sse[g] += e * e;
                    probability[g] += GRID_BETAS[g] * (1 - probability[g]);
                    size[g] += GRID_ALPHAS[g] * (actual - size[g]);
                }
            }
            else
            {
                for (int g = 0; g < candidates; g++)
                {
                    final double f = probability[g] * size[g];
                    sse[g] += f * f;
                    probability[g] -= GRID_BETAS[g] * probability[g];
                }
            }
        }
        ws.gridScoredDays = started ? scored : -1;
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
