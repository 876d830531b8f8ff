package io.stockring.planner.forecast;

/**
 * How one method did on one series over the backtest windows (event days left out).
 *
 * @param method        method name
 * @param origins       forecast origins used; 0 when history was too short to backtest
 * @param scoredDays    forecast days scored, summed over origins (windows may overlap)
 * @param absErrorUnits sum of |actual - forecast|
 * @param actualUnits   sum of actual demand on the scored days
 * @param scaleUnits    MASE scale: in-sample mean absolute error of the seasonal naive (season 7) on
 *                      the history before the earliest origin. When that is 0 (constant or all-zero
 *                      history) it is the mean demand of that history instead, and 1 unit if that
 *                      is 0 too; so MASE stays finite and a perfect forecast scores 0
 * @param mase          mean absolute error / scale; NaN when {@code origins == 0}
 * @param wape          absErrorUnits / actualUnits; 0 when both are 0, +Infinity when only actuals are
 *                      0; NaN when {@code origins == 0}
 */
public record BacktestResult(String method, int origins, int scoredDays, double absErrorUnits, double actualUnits,
    double scaleUnits, double mase, double wape)
{
    static BacktestResult of(final String method, final int origins, final int scoredDays, final double absErrorUnits,
        final double actualUnits, final double scaleUnits)
    {
        final double mase = scoredDays == 0 ? 0 : absErrorUnits / scoredDays / scaleUnits;
        final double wape;
        if (actualUnits > 0)
        {
            wape = absErrorUnits / actualUnits;
        }
        else
        {
            wape = absErrorUnits == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return new BacktestResult(method, origins, scoredDays, absErrorUnits, actualUnits, scaleUnits, mase, wape);
    }

    static BacktestResult unavailable(final String method)
    {
        return new BacktestResult(method, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN);
    }

    /** False when history was too short for a single origin. */
    public boolean available()
    {
        return origins > 0;
    }
}
