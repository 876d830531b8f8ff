package io.stockring.planner.forecast;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Base model, then drivers: the last steps every forecast takes, whether from the
 * {@link Forecaster} or from a method used on its own.
 *
 * <pre>
 *   history --fit (event days skipped)--> base forecast + in-sample base estimates
 *           --EffectEstimator----------> multipliers, elasticity
 *           --Effects.applyTo(future)--> forecast
 * </pre>
 */
final class ForecastPipeline
{
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
        final double[] mean = new double[horizonDays];
        final double[] lower = new double[horizonDays];
        final double[] upper = new double[horizonDays];
        final double level = config.intervalLevel();
        final double sigma = model.fit(ws, history.values(), n, horizonDays, level, mean, lower, upper, ws.fitted);
        final Effects effects = estimator.estimate(history, ws.fitted, n);
        final LocalDate from = history.endExclusive();
        effects.applyTo(futureDrivers, from, mean, lower, upper);
        return new Run(new Forecast(model.name(), from, mean, lower, upper, level, sigma), effects);
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
