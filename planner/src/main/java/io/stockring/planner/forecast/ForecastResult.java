package io.stockring.planner.forecast;

/**
 * What the {@link Forecaster} decided for one series, and why.
 *
 * @param profile      ADI, CV^2 and pattern of the history
 * @param method       the method whose forecast this is
 * @param baselineUsed true when the candidate lost to the seasonal naive in the backtest and the
 *                     baseline was used instead
 * @param backtest     the candidate (best of its family) and the baseline on the same windows;
 *                     unavailable (origins 0) when history was too short to backtest
 * @param effects      event multipliers and expiry elasticity applied to the base forecast
 * @param forecast     the forecast, drivers applied
 */
public record ForecastResult(DemandProfile profile, String method, boolean baselineUsed, BacktestComparison backtest,
    Effects effects, Forecast forecast)
{
}
