package io.stockring.planner.policy;

/**
 * What one gift did over a KPI window; the input of {@link Kpis} and {@link KpiAccumulator}.
 *
 * @param sku                     the gift
 * @param outboundUnits           units that left (confirmed redemptions) in the window
 * @param averageStockUnits       average on-hand units over the window
 * @param reserveRequests         reserve requests for it in the window
 * @param reserveRejectedForStock of those, refused for lack of stock
 * @param stockUnits              on-hand units at the end of the window
 * @param stockValue              their value (units x unit cost)
 * @param staleStockUnits         of those, units with no outbound for 180+ days
 * @param staleStockValue         their value
 */
public record ItemActivity(
    String sku,
    long outboundUnits,
    double averageStockUnits,
    long reserveRequests,
    long reserveRejectedForStock,
    long stockUnits,
    double stockValue,
    long staleStockUnits,
    double staleStockValue)
{
    public ItemActivity
    {
        Checks.nonBlank(sku, "sku");
        Checks.nonNegative(outboundUnits, "outboundUnits");
        Checks.nonNegative(averageStockUnits, "averageStockUnits");
        Checks.nonNegative(reserveRequests, "reserveRequests");
        Checks.nonNegative(reserveRejectedForStock, "reserveRejectedForStock");
        Checks.require(reserveRejectedForStock <= reserveRequests, "reserveRejectedForStock (" +
            reserveRejectedForStock + ") must not exceed reserveRequests (" + reserveRequests + ")");
        Checks.nonNegative(stockUnits, "stockUnits");
        Checks.nonNegative(stockValue, "stockValue");
        Checks.nonNegative(staleStockUnits, "staleStockUnits");
        Checks.require(staleStockUnits <= stockUnits, "staleStockUnits (" + staleStockUnits +
            ") must not exceed stockUnits (" + stockUnits + ")");
        Checks.nonNegative(staleStockValue, "staleStockValue");
    }
}
