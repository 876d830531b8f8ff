package io.stockring.planner.policy;

/**
 * One gift's stock as the overstock check needs it.
 *
 * @param sku                 the gift
 * @param location            the location code, or a pseudo-code such as "ALL" for the programme
 * @param category            catalogue category; bundles pair with the category's most popular gift
 * @param onHandUnits         units in stock
 * @param unitCost            purchase cost per unit
 * @param pointsPrice         points per unit today
 * @param meanDailyDemand     forecast units per day
 * @param daysWithoutOutbound days since the last outbound, or since the stock was first received if it
 *                            never left
 */
public record OverstockCandidate(
    String sku,
    String location,
    String category,
    long onHandUnits,
    double unitCost,
    long pointsPrice,
    double meanDailyDemand,
    long daysWithoutOutbound)
{
    public OverstockCandidate
    {
        Checks.nonBlank(sku, "sku");
        Checks.nonBlank(location, "location");
        Checks.nonBlank(category, "category");
        Checks.nonNegative(onHandUnits, "onHandUnits");
        Checks.nonNegative(unitCost, "unitCost");
        Checks.nonNegative(pointsPrice, "pointsPrice");
        Checks.nonNegative(meanDailyDemand, "meanDailyDemand");
        Checks.nonNegative(daysWithoutOutbound, "daysWithoutOutbound");
    }
}
