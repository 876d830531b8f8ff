package io.stockring.planner.forecast;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Base model, then drivers: the last steps every forecast takes, whether from the
 * {@link Forecaster} or from a method used on its own.
 *
 * <pre>
 *   history --fit (event days skipped)---------> base forecast + in-sample base estimates
 *           --expiry measurable?  yes: refit on demand / expiry factor for each grid elasticity,
 *                                 keep the one forecasting best, refine it by least squares
 *           --event multipliers-----------------> Effects
 *           --Effects.applyTo(future)-----------> forecast
 * </pre>
 *
 * The joint fit matters: a one-step smoother fitted on raw demand follows a week-long expiry surge
 * most of the way (its level jumps), which hides most of the effect from a measurement against it.
 * Fitted on demand with the right effect divided out, the base stays calm and the measurement is
 * unbiased. It costs a few extra fits, only for series whose history has expiry data.
 */
final class ForecastPipeline
{
    /** Elasticities tried when fitting the base jointly with the expiry effect. */
    private static final double[] EXPIRY_ELASTICITY_GRID = {0.2, 0.5, 1.0, 2.0};
    /** Models settle during the first two weeks; the joint fit scores the days after. */
    private static final int SCORE_FROM_DAY = 14;

    record Run(Forecast forecast, Effects effects)
    {
    }

    private ForecastPipeline()
    {
    }

    static Forecast standalone(final BaseModel model, final ForecastConfig config, final DemandSeries history,
        final int horizonDays, final Drivers futureDrivers)
    {
        checkArguments(history, horizonDays, futureDrivers);
        final Workspace ws = new Workspace();
        ws.prepare(history, horizonDays);
        return run(model, config, new EffectEstimator(config), history, horizonDays, futureDrivers, ws).forecast();
    }

    /** {@code ws} must be prepared for {@code history} and {@code horizonDays}. */
    static Run run(final BaseModel model, final ForecastConfig config, final EffectEstimator estimator,
        final DemandSeries history, final int horizonDays, final Drivers futureDrivers, final Workspace ws)
    {
        final int n = history.days();
        final double[] y = history.values();
        final double[] mean = new double[horizonDays];
        final double[] lower = new double[horizonDays];
        final double[] upper = new double[horizonDays];
        final double level = config.intervalLevel();
        double sigma = model.fit(ws, y, n, horizonDays, level, mean, lower, upper, ws.fitted);
        ExpiryEffect expiry = estimator.expiry(history, ws.fitted, n, ws.daysToMonthEnd);
        if (expiry.measured())
        {
            final double elasticity = jointElasticity(model, config, history, horizonDays, ws, expiry, mean);
            final double[] fitOn = elasticity > 0 ? deflate(history, ws, expiry.withElasticity(elasticity, true)) : y;
            sigma = model.fit(ws, fitOn, n, horizonDays, level, mean, lower, upper, ws.fitted);
            expiry = estimator.expiry(history, ws.fitted, n, ws.daysToMonthEnd);
        }
        final Effects effects = estimator.events(history, ws.fitted, n, ws.daysToMonthEnd, expiry);
        final LocalDate from = history.endExclusive();
        effects.applyTo(futureDrivers, from, mean, lower, upper);
        return new Run(new Forecast(model.name(), from, mean, lower, upper, level, sigma), effects);
    }

    /**
     * The grid elasticity whose base, refitted on demand divided by its expiry factor, forecasts
     * demand (base times factor) with the least one-step squared error; 0 when none beats no effect.
     * The grid ascends and stops at the first elasticity that does not improve (the error is
     * unimodal in the elasticity). {@code ws.fitted} must hold the plain fit; {@code scratch}
     * receives throwaway forecasts.
     */
    private static double jointElasticity(final BaseModel model, final ForecastConfig config,
        final DemandSeries history, final int horizonDays, final Workspace ws, final ExpiryEffect expiry,
        final double[] scratch)
    {
        final int n = history.days();
        double best = 0;
        double bestSse = expirySse(history, ws, expiry.withElasticity(0, false));
        for (final double candidate : EXPIRY_ELASTICITY_GRID)
        {
            final double elasticity = Math.min(candidate, config.expiryElasticityMax());
            if (elasticity <= best)
            {
                continue;
            }
            final ExpiryEffect effect = expiry.withElasticity(elasticity, true);
            model.fit(ws, deflate(history, ws, effect), n, horizonDays, config.intervalLevel(), scratch, null, null,
                ws.fitted);
            final double sse = expirySse(history, ws, effect);
            if (sse >= bestSse)
            {
                break;
            }
            bestSse = sse;
            best = elasticity;
        }
        return best;
    }

    /** {@code ws.deflated}: demand divided by the expiry factor of each day. */
    private static double[] deflate(final DemandSeries history, final Workspace ws, final ExpiryEffect effect)
    {
        final double[] y = history.values();
        final Drivers drivers = history.drivers();
        final long startEpochDay = history.start().toEpochDay();
        final double[] usual = effect.usualPoints();
        final double[] deflated = ws.deflated;
        for (int t = 0, n = history.days(); t < n; t++)
        {
            deflated[t] = y[t] / effect.factor(drivers, startEpochDay + t, ws.daysToMonthEnd[t], usual);
        }
        return deflated;
    }

    /** One-step squared error of {@code ws.fitted} times the expiry factor, on days without events. */
    private static double expirySse(final DemandSeries history, final Workspace ws, final ExpiryEffect effect)
    {
        final double[] y = history.values();
        final double[] fitted = ws.fitted;
        final Drivers drivers = history.drivers();
        final long startEpochDay = history.start().toEpochDay();
        final double[] usual = effect.usualPoints();
        final boolean[] skip = ws.skipMask();
        double sse = 0;
        for (int t = SCORE_FROM_DAY, n = history.days(); t < n; t++)
        {
            final double f = fitted[t];
            if ((skip != null && skip[t]) || Double.isNaN(f))
            {
                continue;
            }
            final double e = y[t] - f * effect.factor(drivers, startEpochDay + t, ws.daysToMonthEnd[t], usual);
            sse += e * e;
        }
        return sse;
    }

    static void checkArguments(final DemandSeries history, final int horizonDays, final Drivers futureDrivers)
    {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(futureDrivers, "futureDrivers (use Drivers.NONE)");
        if (horizonDays < 1)
        {
            throw new IllegalArgumentException("horizonDays must be >= 1 but was " + horizonDays);
        }
    }
}
