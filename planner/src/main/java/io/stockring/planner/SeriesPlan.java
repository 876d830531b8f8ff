package io.stockring.planner;

import io.stockring.planner.forecast.DemandPattern;
import io.stockring.planner.policy.StockPolicy;

/**
 * What one run decided for one (sku, location): the forecast's summary, its honest accuracy
 * beside the seasonal-naive baseline, and the stock policy. The forecast itself is not kept
 * (100,000 series x 90 days would be most of the heap); {@link Planner#forecast} recomputes one
 * on demand from the same history.
 *
 * @param demandLastYearUnits  units asked for over the last 365 days (ABC value, KPIs)
 * @param meanDailyDemand      forecast mean per day over the policy's protection interval
 * @param sigmaDailyDemand     one-step forecast error, per day
 * @param projectedDemandUnits forecast units over the rebalancing cover
 * @param backtestAbsError     sum of absolute backtest errors (planner's method), for WAPE
 * @param baselineAbsError     the same for the seasonal-naive baseline on the same windows
 * @param backtestActual       sum of actual demand over the backtest windows
 * @param daysSinceDemand      days since the last day with demand in the history window (the
 *                             window's length when there was none): history imported from before
 *                             stockring counts for overstock too, not only the ledger's last outbound
 */
public record SeriesPlan(String sku, String location, DemandPattern pattern, String method, boolean baselineChosen,
    double mase, double baselineMase, double backtestAbsError, double baselineAbsError, double backtestActual,
    double demandLastYearUnits, double meanDailyDemand, double sigmaDailyDemand, double maxDailyDemand,
    double projectedDemandUnits, int daysSinceDemand, StockPolicy policy)
{
    public SeriesPlan withPolicy(final StockPolicy p)
    {
        return new SeriesPlan(sku, location, pattern, method, baselineChosen, mase, baselineMase, backtestAbsError,
            baselineAbsError, backtestActual, demandLastYearUnits, meanDailyDemand, sigmaDailyDemand, maxDailyDemand,
            projectedDemandUnits, daysSinceDemand, p);
    }
}
