package io.stockring.planner.policy;

import java.util.Set;

/**
 * Stock KPIs of one gift or of the whole programme over a window. Rates are fractions (0.05 = 5%).
 *
 * @param scope                   the sku, or {@link KpiAccumulator#PROGRAMME} for the sum over gifts
 * @param windowDays              the window length
 * @param outboundUnits           units out in the window
 * @param averageStockUnits       average on-hand units
 * @param turnover                outbound / average stock over the window
 * @param annualTurnover          turnover scaled to a year
 * @param reserveRequests         reserve requests in the window
 * @param reserveRejectedForStock those refused for lack of stock
 * @param stockoutRate            refused / requests
 * @param stockUnits              on hand at the end of the window
 * @param staleStockUnits         of those, no outbound for 180+ days
 * @param overstockRateUnits      stale / stock, in units
 * @param stockValue              value on hand
 * @param staleStockValue         value of the stale part
 * @param overstockRateValue      stale / stock, in value
 * @param flags                   KPIs outside their band
 */
public record KpiReport(
    String scope,
    double windowDays,
    long outboundUnits,
    double averageStockUnits,
    double turnover,
    double annualTurnover,
    long reserveRequests,
    long reserveRejectedForStock,
    double stockoutRate,
    long stockUnits,
    long staleStockUnits,
    double overstockRateUnits,
    double stockValue,
    double staleStockValue,
    double overstockRateValue,
    Set<KpiFlag> flags)
{
}
