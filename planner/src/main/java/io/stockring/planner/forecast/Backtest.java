package io.stockring.planner.forecast;

import java.util.Objects;

/**
 * Rolling-origin evaluation: from each of several origins near the end of history, forecast the
 * next days from the history before the origin and score against what happened. The method and the
 * seasonal-naive baseline are scored on the same windows with the same scale, so their MASEs compare
 * directly.
 *
 * <pre>
 *   history  |------------------------------------------------------------------|
 *   origin 4                                     o--------H--------|
 *   origin 3                                            o--------H--------|
 *   origin 2                                                   o--------H--------|
 *   origin 1 (latest)                                                 o--------H--------|
 *                                                 <-14->   spacing, H = 28 days by default
 * </pre>
 *
 * Origins need {@code backtestMinTrainDays} before them; there are fewer (or none) in short
 * histories. Event days are not scored: the backtest compares base models, on which the driver
 * layer is then applied alike. The MASE scale convention is described in {@link BacktestResult}.
 */
public final class Backtest
{
    private final ForecastConfig config;
    private final SeasonalNaive baseline;

    public Backtest()
    {
        this(ForecastConfig.defaults());
    }

    public Backtest(final ForecastConfig config)
    {
        this.config = Objects.requireNonNull(config, "config").validate();
        this.baseline = new SeasonalNaive(config);
    }

    /**
     * Scores {@code method} and the seasonal naive on {@code series}. Methods of this package run on
     * arrays; any other implementation is called with {@link DemandSeries#head} at each origin and
     * {@link Drivers#NONE} for the future.
     */
    public BacktestComparison compare(final ForecastMethod method, final DemandSeries series)
    {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(series, "series");
        final Workspace ws = new Workspace();
        ws.prepare(series, 0);
        final double[] y = series.values();
        final int n = series.days();
        prepareWindows(ws, y, n);
        final BacktestResult base = score(baseline, ws, y, n);
        final BacktestResult scored = method instanceof BaseModel
            ? score((BaseModel) method, ws, y, n)
            : scoreForeign(method, series, ws);
        return new BacktestComparison(scored, base);
    }

    /** Picks the origins of a series of {@code n} days and its MASE scale; once per series. */
    void prepareWindows(final Workspace ws, final double[] y, final int n)
    {
        final int horizon = config.backtestHorizonDays();
        final int[] origins = ws.origins(config.backtestOrigins());
        int count = 0;
        for (int k = 0; k < config.backtestOrigins(); k++)
        {
            final int origin = n - horizon - k * config.backtestSpacingDays();
            if (origin < config.backtestMinTrainDays())
            {
                break;
            }
            origins[count++] = origin;
        }
        ws.originCount = count;
        ws.maseScale = count == 0 ? Double.NaN : scale(ws, y, origins[count - 1]);
    }

    /** Scores {@code model} on the windows {@link #prepareWindows} picked. */
    BacktestResult score(final BaseModel model, final Workspace ws, final double[] y, final int n)
    {
        final int origins = ws.originCount;
        if (origins == 0)
        {
            return BacktestResult.unavailable(model.name());
        }
        final int horizon = config.backtestHorizonDays();
        final double[] forecast = ws.backtestMean(horizon);
        final Errors errors = new Errors(y, ws.skipMask(), horizon);
        ws.fixedCandidate = model.chooseForBacktest(ws, y, ws.origins[origins - 1]);
        try
        {
            for (int i = 0; i < origins; i++)
            {
                final int origin = ws.origins[i];
                model.fit(ws, y, origin, horizon, config.intervalLevel(), forecast, null, null, null);
                errors.add(origin, forecast);
            }
        }
        finally
        {
            ws.fixedCandidate = -1;
        }
        return BacktestResult.of(model.name(), origins, errors.scored, errors.absError, errors.actual, ws.maseScale);
    }

    private BacktestResult scoreForeign(final ForecastMethod method, final DemandSeries series, final Workspace ws)
    {
        final int origins = ws.originCount;
        if (origins == 0)
        {
            return BacktestResult.unavailable(method.name());
        }
        final int horizon = config.backtestHorizonDays();
        final double[] y = series.values();
        final Errors errors = new Errors(y, ws.skipMask(), horizon);
        for (int i = 0; i < origins; i++)
        {
            final int origin = ws.origins[i];
            final double[] forecast = method.forecast(series.head(origin), horizon, Drivers.NONE).mean();
            errors.add(origin, forecast);
        }
        return BacktestResult.of(method.name(), origins, errors.scored, errors.absError, errors.actual, ws.maseScale);
    }

    /** The MASE scale of {@link BacktestResult#scaleUnits()} over {@code y[0, trainDays)}. */
    static double scale(final Workspace ws, final double[] y, final int trainDays)
    {
        final boolean[] skip = ws.skipMask();
        final double[] cleaned = ws.cleaned;
        SeasonalNaive.clean(y, trainDays, skip, cleaned);
        double absError = 0;
        int errors = 0;
        double sum = 0;
        int days = 0;
        for (int t = 0; t < trainDays; t++)
        {
            if (skip != null && skip[t])
            {
                continue;
            }
            sum += y[t];
            days++;
            if (t >= SeasonalNaive.SEASON_DAYS)
            {
                absError += Math.abs(y[t] - cleaned[t - SeasonalNaive.SEASON_DAYS]);
                errors++;
            }
        }
        if (errors > 0 && absError > 0)
        {
            return absError / errors;
        }
        if (days > 0 && sum > 0)
        {
            return sum / days;
        }
        return 1;
    }

    /** The absolute errors of forecasts against the actual days they cover, event days left out. */
    private static final class Errors
    {
        private final double[] y;
        private final boolean[] skip;
        private final int horizon;
        double absError;
        double actual;
        int scored;

        Errors(final double[] y, final boolean[] skip, final int horizon)
        {
            this.y = y;
            this.skip = skip;
            this.horizon = horizon;
        }

        /** Scores {@code forecast[0, horizon)} against the days from {@code origin}. */
        void add(final int origin, final double[] forecast)
        {
            for (int h = 0; h < horizon; h++)
            {
                final int t = origin + h;
                if (skip == null || !skip[t])
                {
                    absError += Math.abs(y[t] - forecast[h]);
                    actual += y[t];
                    scored++;
                }
            }
        }
    }
}
