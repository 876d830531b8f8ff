package io.stockring.planner.forecast;

import java.util.Arrays;

/**
 * Exponential smoothing of the level (optionally with a damped trend) on demand divided by two
 * multiplicative seasonal profiles: 7 weekday factors (weekends run ~30% above weekdays) and 7
 * month-position factors (points credited on the 1st-3rd, points expiring on the last three days).
 *
 * <pre>
 *   forecast(t) = (level + trend * sum_{i<=h} phi^i) * weekday[wd(t)] * month[pos(t)]
 *
 *   1. factors  ratio of demand to a 28-day moving average, by weekday and by month position,
 *               recent years weighted more (half-life 365 days), shrunk toward 1 by one pseudo-day,
 *               two rounds so each profile is measured net of the other
 *   2. level    smoothed on deseasonalised demand; alpha (and trend or not) picked from a small grid
 *               by in-sample one-step squared error, with an AIC penalty for the trend
 * </pre>
 *
 * <p>Factors are measured from the whole training history rather than only its first weeks: with
 * only 12 month-ends a year the month profile needs all of them. Event days are skipped everywhere.
 */
public final class SeasonalSmoothing extends PipelinedMethod
{
    public static final String NAME = "seasonal-smoothing";
    /** Below two weeks the weekday profile cannot be seen; the method falls back to the mean. */
    public static final int MIN_HISTORY_DAYS = 14;

    /**
     * The grid: level-only alphas first, then damped-trend ones (trend smoothing 0.05, daily damping
     * 0.98, so a trend adds at most phi / (1 - phi) = 49 days of slope).
     */
    private static final double[] GRID_ALPHAS = {0.01, 0.03, 0.08, 0.15, 0.3, 0.03, 0.08, 0.15};
    private static final double[] GRID_BETAS = {0, 0, 0, 0, 0, 0.05, 0.05, 0.05};
    private static final double[] GRID_PHIS = {1, 1, 1, 1, 1, 0.98, 0.98, 0.98};
    private static final int LEVEL_ALPHAS = 5;
    static final int GRID_SIZE = GRID_ALPHAS.length;
    private static final int LEVEL_PARAMETERS = 2;
    private static final int TREND_PARAMETERS = 4;
    private static final double FACTOR_MIN = 0.05;
    private static final double FACTOR_MAX = 20;
    /** Four whole weeks: the moving average is free of the weekday profile. */
    private static final int REFERENCE_WINDOW_DAYS = 28;
    private static final int FACTOR_ROUNDS = 2;
    /** Pseudo-observations of "factor = 1" added to each factor: one month of data moves it halfway. */
    private static final double FACTOR_PRIOR_DAYS = 1.0;
    private static final double SEASON_DECAY_PER_DAY = Math.pow(0.5, 1.0 / 365);
    private static final double SEASON_GROWTH_PER_DAY = 1 / SEASON_DECAY_PER_DAY;
    private static final int LEVEL_INIT_DAYS = 14;
    private static final int BURN_IN_DAYS = 14;

    public SeasonalSmoothing()
    {
        this(ForecastConfig.defaults());
    }

    public SeasonalSmoothing(final ForecastConfig config)
    {
        super(NAME, config);
    }

    @Override
    public double fit(final Workspace ws, final double[] y, final int n, final int horizonDays,
        final double intervalLevel, final double[] mean, final double[] lower, final double[] upper, final double[] fitted)
    {
        final boolean[] skip = ws.skipMask();
        if (n < MIN_HISTORY_DAYS)
        {
            return HistoricalMean.fitMean(skip, y, n, horizonDays, intervalLevel, mean, lower, upper, fitted);
        }
        estimateFactors(ws, y, n, skip);
        final double[] sp = ws.seasonal;
        final double[] weekdayFactor = ws.weekdayFactor;
        final double[] monthFactor = ws.monthFactor;
        final byte[] weekday = ws.weekday;
        final byte[] position = ws.monthPosition;
        for (int t = 0, end = n + horizonDays; t < end; t++)
        {
            sp[t] = weekdayFactor[weekday[t]] * monthFactor[position[t]];
        }

        final double level0 = initialLevel(y, n, skip, sp);
        final int burnIn = n >= 3 * BURN_IN_DAYS ? BURN_IN_DAYS : 0;
        final int best;
        double level;
        double trend;
        if (ws.fixedCandidate >= 0)
        {
            best = ws.fixedCandidate;
            final double[] state = ws.state;
            pass(y, n, skip, sp, level0, GRID_ALPHAS[best], GRID_BETAS[best], GRID_PHIS[best], burnIn, null, state);
            level = state[0];
            trend = state[1];
        }
        else
        {
            best = gridSearch(ws, y, n, skip, sp, level0, burnIn);
            level = ws.gridA[best];
            trend = ws.gridB[best];
        }
        final double alpha = GRID_ALPHAS[best];
        final double beta = GRID_BETAS[best];
        final double phi = GRID_PHIS[best];
        double sigma = 0;
        double sigmaPerUnitSeason = 0;
        if (fitted != null || lower != null)
        {
            final double[] state = ws.state;
            pass(y, n, skip, sp, level0, alpha, beta, phi, burnIn, fitted, state);
            level = state[0];
            trend = state[1];
            final int scored = (int) state[4];
            sigma = scored == 0 ? 0 : Math.sqrt(state[2] / scored);
            sigmaPerUnitSeason = scored == 0 ? 0 : Math.sqrt(state[3] / scored);
        }
        final double z = lower == null ? 0 : Intervals.centralZ(intervalLevel);
        double damping = 1;
        double trendDays = 0;
        double varianceSteps = 1;
        for (int h = 0; h < horizonDays; h++)
        {
            damping *= phi;
            trendDays += damping;
            final double seasonal = sp[n + h];
            final double m = Math.max(0, (level + trendDays * trend) * seasonal);
            mean[h] = m;
            if (lower != null)
            {
                final double halfWidth = z * sigmaPerUnitSeason * Math.sqrt(seasonal * varianceSteps);
                lower[h] = Math.max(0, m - halfWidth);
                upper[h] = m + halfWidth;
                final double carried = alpha * (1 + beta * trendDays);
                varianceSteps += carried * carried;
            }
        }
        return sigma;
    }

    /**
     * One smoothing run in error-correction form. Errors are in units; the interval uses errors per
     * square root of the seasonal multiplier (Poisson-like: spread grows with the root of the mean).
     * Writes level, trend, squared error sum, scaled squared error sum and scored days to {@code state}.
     */
    private static void pass(final double[] y, final int n, final boolean[] skip, final double[] sp,
        final double level0, final double alpha, final double beta, final double phi, final int burnIn,
        final double[] fitted, final double[] state)
    {
        double level = level0;
        double trend = 0;
        double sse = 0;
        double sseScaled = 0;
        int scored = 0;
        for (int t = 0; t < n; t++)
        {
            final double seasonal = sp[t];
            final double base = Math.max(0, level + phi * trend);
            final double f = base * seasonal;
            if (fitted != null)
            {
                fitted[t] = f;
            }
            if (skip != null && skip[t])
            {
                level = base;
                trend *= phi;
                continue;
            }
            final double e = y[t] - f;
            if (t >= burnIn)
            {
                sse += e * e;
                sseScaled += e * e / seasonal;
                scored++;
            }
            final double next = Math.max(0, base + alpha * e / seasonal);
            trend = phi * trend + beta * (next - level - phi * trend);
            level = next;
        }
        state[0] = level;
        state[1] = trend;
        state[2] = sse;
        state[3] = sseScaled;
        state[4] = scored;
    }

    /** Runs the whole grid and returns the candidate with the best information criterion. */
    private int gridSearch(final Workspace ws, final double[] y, final int n, final boolean[] skip, final double[] sp,
        final double level0, final int burnIn)
    {
        final int candidates = config.dampedTrend() ? GRID_SIZE : LEVEL_ALPHAS;
        final double[] sse = ws.gridSse;
        gridPass(y, n, skip, sp, level0, burnIn, candidates, sse, ws.gridA, ws.gridB);
        int best = 0;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int g = 0; g < candidates; g++)
        {
            final double score = informationCriterion(sse[g], n - burnIn - skipped(skip, burnIn, n),
                GRID_BETAS[g] == 0 ? LEVEL_PARAMETERS : TREND_PARAMETERS);
            if (score < bestScore)
            {
                bestScore = score;
                best = g;
            }
        }
        return best;
    }

    /**
     * The smoothing parameters for a backtest: chosen once on the history before the earliest
     * origin and kept for every origin, so no test window ever informed them and the grid runs once
     * instead of once per origin.
     */
    @Override
    public int chooseForBacktest(final Workspace ws, final double[] y, final int earliestOrigin)
    {
        if (earliestOrigin < MIN_HISTORY_DAYS)
        {
            return -1;
        }
        final boolean[] skip = ws.skipMask();
        estimateFactors(ws, y, earliestOrigin, skip);
        final double[] sp = ws.seasonal;
        for (int t = 0; t < earliestOrigin; t++)
        {
            sp[t] = ws.weekdayFactor[ws.weekday[t]] * ws.monthFactor[ws.monthPosition[t]];
        }
        final double level0 = initialLevel(y, earliestOrigin, skip, sp);
        return gridSearch(ws, y, earliestOrigin, skip, sp, level0, earliestOrigin >= 3 * BURN_IN_DAYS ? BURN_IN_DAYS : 0);
    }

    /**
     * Every grid candidate in one loop: their recursions are independent, so the processor overlaps
     * them instead of waiting on one chain of dependent floating-point operations at a time (about
     * three times faster than one pass per candidate). Writes each candidate's squared error sum and
     * final level and trend.
     */
    private static void gridPass(final double[] y, final int n, final boolean[] skip, final double[] sp,
        final double level0, final int burnIn, final int candidates, final double[] sse, final double[] levels,
        final double[] trends)
    {
        Arrays.fill(sse, 0, candidates, 0);
        Arrays.fill(levels, 0, candidates, level0);
        Arrays.fill(trends, 0, candidates, 0);
        for (int t = 0; t < n; t++)
        {
            final double seasonal = sp[t];
            if (skip != null && skip[t])
            {
                for (int g = 0; g < candidates; g++)
                {
                    levels[g] = Math.max(0, levels[g] + GRID_PHIS[g] * trends[g]);
                    trends[g] *= GRID_PHIS[g];
                }
                continue;
            }
            final double actual = y[t];
            final double inverse = 1 / seasonal;
            final double scoredDay = t >= burnIn ? 1 : 0;
            for (int g = 0; g < candidates; g++)
            {
                final double phi = GRID_PHIS[g];
                final double dampedTrend = phi * trends[g];
                final double base = Math.max(0, levels[g] + dampedTrend);
                final double e = actual - base * seasonal;
                sse[g] += scoredDay * e * e;
                final double next = Math.max(0, base + GRID_ALPHAS[g] * e * inverse);
                trends[g] = dampedTrend + GRID_BETAS[g] * (next - levels[g] - dampedTrend);
                levels[g] = next;
            }
        }
    }

    private static int skipped(final boolean[] skip, final int from, final int n)
    {
        int count = 0;
        if (skip != null)
        {
            for (int t = from; t < n; t++)
            {
                if (skip[t])
                {
                    count++;
                }
            }
        }
        return count;
    }

    /** AIC up to a constant: scored * ln(MSE) + 2 * parameters. */
    private static double informationCriterion(final double sse, final int scored, final int parameters)
    {
        if (scored <= 0)
        {
            return 2.0 * parameters;
        }
        return scored * Math.log(sse / scored + 1e-12) + 2.0 * parameters;
    }

    private static double initialLevel(final double[] y, final int n, final boolean[] skip, final double[] sp)
    {
        double sum = 0;
        int count = 0;
        for (int t = 0; t < n && count < LEVEL_INIT_DAYS; t++)
        {
            if (skip == null || !skip[t])
            {
                sum += y[t] / sp[t];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static void estimateFactors(final Workspace ws, final double[] y, final int n, final boolean[] skip)
    {
        Arrays.fill(ws.weekdayFactor, 1.0);
        Arrays.fill(ws.monthFactor, 1.0);
        for (int round = 0; round < FACTOR_ROUNDS; round++)
        {
            movingAverage(ws, y, n, skip);
            weekdayFactors(ws, y, n, skip);
            monthFactors(ws, y, n, skip);
        }
    }

    /**
     * {@code ws.reference[t]}: mean deseasonalised demand of the non-event days in a 28-day window
     * around t (shifted inward at the ends so it always holds four whole weeks).
     */
    private static void movingAverage(final Workspace ws, final double[] y, final int n, final boolean[] skip)
    {
        final double[] sum = ws.prefixSum;
        final double[] count = ws.prefixCount;
        final double[] reference = ws.reference;
        final double[] weekdayFactor = ws.weekdayFactor;
        final double[] monthFactor = ws.monthFactor;
        final byte[] weekday = ws.weekday;
        final byte[] position = ws.monthPosition;
        sum[0] = 0;
        count[0] = 0;
        for (int t = 0; t < n; t++)
        {
            if (skip != null && skip[t])
            {
                sum[t + 1] = sum[t];
                count[t + 1] = count[t];
            }
            else
            {
                sum[t + 1] = sum[t] + y[t] / (weekdayFactor[weekday[t]] * monthFactor[position[t]]);
                count[t + 1] = count[t] + 1;
            }
        }
        final int window = Math.min(REFERENCE_WINDOW_DAYS, n);
        final int lastFrom = n - window;
        for (int t = 0; t < n; t++)
        {
            final int from = Math.min(Math.max(0, t - window / 2), lastFrom);
            final double days = count[from + window] - count[from];
            reference[t] = days > 0 ? (sum[from + window] - sum[from]) / days : 0;
        }
    }

    private static void weekdayFactors(final Workspace ws, final double[] y, final int n, final boolean[] skip)
    {
        final double[] factor = ws.weekdayFactor;
        profileFactors(ws, y, n, skip, ws.weekday, ws.monthPosition, ws.monthFactor, factor);
        double sum = 0;
        for (final double f : factor)
        {
            sum += f;
        }
        final double scale = DayCalendar.WEEKDAYS / sum;
        for (int k = 0; k < DayCalendar.WEEKDAYS; k++)
        {
            factor[k] *= scale;
        }
    }

    private static void monthFactors(final Workspace ws, final double[] y, final int n, final boolean[] skip)
    {
        final double[] factor = ws.monthFactor;
        profileFactors(ws, y, n, skip, ws.monthPosition, ws.weekday, ws.weekdayFactor, factor);
        double weighted = 0;
        for (int k = 0; k < DayCalendar.MONTH_POSITIONS; k++)
        {
            weighted += DayCalendar.AVERAGE_DAYS_PER_POSITION[k] * factor[k];
        }
        final double scale = DayCalendar.AVERAGE_MONTH_DAYS / weighted;
        for (int k = 0; k < DayCalendar.MONTH_POSITIONS; k++)
        {
            factor[k] *= scale;
        }
    }

    /**
     * One profile's factors (weekday or month position), given the other's: per key, recency-weighted
     * demand over the reference level times the other profile's factor, shrunk toward 1.
     */
    private static void profileFactors(final Workspace ws, final double[] y, final int n, final boolean[] skip,
        final byte[] key, final byte[] otherKey, final double[] otherFactor, final double[] out)
    {
        final double[] num = ws.numerator;
        final double[] den = ws.denominator;
        final double[] days = ws.weight;
        Arrays.fill(num, 0);
        Arrays.fill(den, 0);
        Arrays.fill(days, 0);
        final double[] reference = ws.reference;
        double w = Math.pow(SEASON_DECAY_PER_DAY, n - 1);
        for (int t = 0; t < n; t++, w *= SEASON_GROWTH_PER_DAY)
        {
            if (skip == null || !skip[t])
            {
                final int k = key[t];
                num[k] += w * y[t];
                den[k] += w * reference[t] * otherFactor[otherKey[t]];
                days[k] += w;
            }
        }
        shrunkRatios(num, den, days, out);
    }

    /** Ratio of sums with {@link #FACTOR_PRIOR_DAYS} pseudo-days at ratio 1, clamped. */
    private static void shrunkRatios(final double[] num, final double[] den, final double[] days, final double[] out)
    {
        for (int k = 0; k < out.length; k++)
        {
            if (den[k] > 0 && days[k] > 0)
            {
                final double prior = FACTOR_PRIOR_DAYS * den[k] / days[k];
                out[k] = Math.min(FACTOR_MAX, Math.max(FACTOR_MIN, (num[k] + prior) / (den[k] + prior)));
            }
            else
            {
                out[k] = 1;
            }
        }
    }
}
