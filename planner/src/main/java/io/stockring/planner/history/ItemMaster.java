package io.stockring.planner.history;

/**
 * What the planner knows of a gift beyond its stock: cost, points price and how it is bought.
 *
 * @param unitCost          purchase cost of one unit (currency units)
 * @param pointsPrice       points a member spends for one unit
 * @param leadTimeDays      supplier lead time, mean, in days (must be positive)
 * @param leadTimeSdDays    supplier lead time, standard deviation, in days
 * @param orderingCost      fixed cost of placing one purchase order
 * @param holdingCostRate   cost of holding stock for a year, as a fraction of unit cost
 * @param minOrder          smallest quantity the supplier accepts
 * @param orderMultiple     quantities come in multiples of this (1: any)
 */
public record ItemMaster(String sku, String name, String category, double unitCost, long pointsPrice,
    double leadTimeDays, double leadTimeSdDays, double orderingCost, double holdingCostRate, long minOrder,
    long orderMultiple)
{
    /** What an item the catalog knows but the item file does not gets: stated in the docs. */
    public static ItemMaster defaults(final String sku, final String name, final String category)
    {
        return new ItemMaster(sku, name, category, 1.0, 0, 7, 2, 50, 0.25, 1, 1);
    }
}
