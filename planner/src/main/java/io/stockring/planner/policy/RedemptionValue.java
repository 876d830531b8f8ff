package io.stockring.planner.policy;

/**
 * What one item was worth to the programme over a window: the input of {@link AbcClassifier}.
 *
 * @param key   the item, usually its sku (or sku@location to classify per location)
 * @param value redemption value over the window, in money or in points, the same for all items
 */
public record RedemptionValue(String key, double value)
{
    public RedemptionValue
    {
        Checks.nonBlank(key, "key");
        Checks.nonNegative(value, "value");
    }

    /** Value as units redeemed x unit cost. */
    public static RedemptionValue ofUnits(final String key, final long unitsRedeemed, final double unitCost)
    {
        Checks.nonNegative(unitsRedeemed, "unitsRedeemed");
        Checks.nonNegative(unitCost, "unitCost");
        return new RedemptionValue(key, unitsRedeemed * unitCost);
    }
}
