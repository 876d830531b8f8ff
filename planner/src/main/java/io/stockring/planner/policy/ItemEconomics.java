package io.stockring.planner.policy;

/**
 * What buying and keeping one gift costs, and how its supplier delivers.
 *
 * @param sku                    the gift
 * @param unitCost               purchase cost of one unit, in the programme's currency
 * @param pointsPrice            points a member spends on one unit
 * @param category               catalogue category, e.g. "audio"; clearance bundles pair within it
 * @param leadTimeDays           mean days from purchase order to goods on the shelf; 0 = same day
 * @param leadTimeStdDevDays     standard deviation of the lead time; 0 when the lead time is 0
 * @param orderingCostPerOrder   cost of placing and receiving one order (EOQ's S)
 * @param holdingCostRatePerYear yearly holding cost as a share of unit cost, e.g. 0.25
 * @param minimumOrderUnits      supplier's minimum order quantity; 0 or 1 = none
 * @param orderMultipleUnits     orders come in multiples of this (case pack); 1 = any quantity
 */
public record ItemEconomics(
    String sku,
    double unitCost,
    long pointsPrice,
    String category,
    double leadTimeDays,
    double leadTimeStdDevDays,
    double orderingCostPerOrder,
    double holdingCostRatePerYear,
    long minimumOrderUnits,
    long orderMultipleUnits)
{
    public ItemEconomics
    {
        Checks.nonBlank(sku, "sku");
        Checks.nonNegative(unitCost, "unitCost");
        Checks.nonNegative(pointsPrice, "pointsPrice");
        Checks.nonBlank(category, "category");
        SafetyStock.checkLeadTime(leadTimeDays, leadTimeStdDevDays);
        Checks.nonNegative(orderingCostPerOrder, "orderingCostPerOrder");
        Checks.nonNegative(holdingCostRatePerYear, "holdingCostRatePerYear");
        Checks.nonNegative(minimumOrderUnits, "minimumOrderUnits");
        Checks.positive(orderMultipleUnits, "orderMultipleUnits");
    }

    /** Without a case pack: any quantity from the minimum up. */
    public ItemEconomics(
        final String sku,
        final double unitCost,
        final long pointsPrice,
        final String category,
        final double leadTimeDays,
        final double leadTimeStdDevDays,
        final double orderingCostPerOrder,
        final double holdingCostRatePerYear,
        final long minimumOrderUnits)
    {
        this(sku, unitCost, pointsPrice, category, leadTimeDays, leadTimeStdDevDays, orderingCostPerOrder,
            holdingCostRatePerYear, minimumOrderUnits, 1L);
    }

    /** H for EOQ: unit cost x holding cost rate. */
    public double holdingCostPerUnitYear()
    {
        return Eoq.holdingCostPerUnitYear(unitCost, holdingCostRatePerYear);
    }
}
