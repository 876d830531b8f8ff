package io.stockring.planner.policy;

import java.util.Map;

/**
 * The outcome of {@link AbcClassifier#classify}. Per-key maps iterate in rank order (highest value
 * first); shares are fractions of the total value (0.7 = 70%).
 *
 * @param classByKey             the class of every item
 * @param valueShareByKey        each item's share of the total value
 * @param cumulativeShareByKey   the share of the items ranked up to and including this one
 * @param valueShareByClass      each class's share of the total value
 * @param itemCountByClass       how many items fell in each class
 * @param totalValue             the sum of all values
 */
public record AbcClassification(
    Map<String, AbcClass> classByKey,
    Map<String, Double> valueShareByKey,
    Map<String, Double> cumulativeShareByKey,
    Map<AbcClass, Double> valueShareByClass,
    Map<AbcClass, Integer> itemCountByClass,
    double totalValue)
{
    /** The class of {@code key}; unknown keys are an error. */
    public AbcClass classOf(final String key)
    {
        final AbcClass c = classByKey.get(key);
        Checks.require(c != null, "key '" + key + "' was not classified");
        return c;
    }
}
