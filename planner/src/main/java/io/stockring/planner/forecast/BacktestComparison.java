package io.stockring.planner.forecast;

/**
 * A method and the seasonal-naive baseline on exactly the same windows and the same MASE scale.
 *
 * @param method   the method under test (for the {@link Forecaster}: its candidate)
 * @param baseline the seasonal naive
 */
public record BacktestComparison(BacktestResult method, BacktestResult baseline)
{
    public boolean available()
    {
        return method.available() && baseline.available();
    }

    /** True when the method's MASE is strictly above the baseline's. */
    public boolean methodLosesToBaseline()
    {
        return available() && method.mase() > baseline.mase();
    }
}
