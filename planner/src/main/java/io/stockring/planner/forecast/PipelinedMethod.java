package io.stockring.planner.forecast;

import java.util.Objects;

/**
 * What every method of this package shares around its {@link BaseModel#fit}: a name, a validated
 * configuration, and the standalone {@link ForecastMethod} entry point (the effects pipeline wrapped
 * around the fit). A method writes only its fit.
 */
abstract class PipelinedMethod implements ForecastMethod, BaseModel
{
    private final String name;
    final ForecastConfig config;

    PipelinedMethod(final String name, final ForecastConfig config)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config").validate();
    }

    @Override
    public final String name()
    {
        return name;
    }

    @Override
    public final Forecast forecast(final DemandSeries history, final int horizonDays, final Drivers futureDrivers)
    {
        return ForecastPipeline.standalone(this, config, history, horizonDays, futureDrivers);
    }
}
