package io.stockring.planner.forecast;

/**
 * A way of forecasting one series. Implementations in this package are stateless apart from their
 * configuration, so one instance may serve many threads.
 */
public interface ForecastMethod
{
    /** A short stable name, recorded with every forecast and backtest ("seasonal-naive", "sba", ...). */
    String name();

    /**
     * @param history       the past, with the drivers that were in force
     * @param horizonDays   days to forecast, {@code >= 1}, starting the day after history ends
     * @param futureDrivers events and expiring points over the forecast days; {@link Drivers#NONE} if none
     */
    Forecast forecast(DemandSeries history, int horizonDays, Drivers futureDrivers);
}
