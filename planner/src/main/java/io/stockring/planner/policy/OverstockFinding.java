package io.stockring.planner.policy;

import java.util.List;
import java.util.Set;

/**
 * A gift flagged as overstock, with what is at stake and what to do about it.
 *
 * @param sku                 the gift
 * @param location            where
 * @param category            its category
 * @param onHandUnits         units in stock
 * @param unitCost            purchase cost per unit
 * @param stockValue          on hand x unit cost: the money tied up
 * @param coverDays           on hand / mean daily demand; infinite when there is stock and no demand
 * @param daysWithoutOutbound days since anything left
 * @param excessUnits         units beyond the allowed cover (all of them when nothing moves)
 * @param excessValue         excess x unit cost
 * @param rules               which rules flagged it
 * @param severity            how hard to push
 * @param suggestions         clearance actions, mildest first
 */
public record OverstockFinding(
    String sku,
    String location,
    String category,
    long onHandUnits,
    double unitCost,
    double stockValue,
    double coverDays,
    long daysWithoutOutbound,
    long excessUnits,
    double excessValue,
    Set<OverstockRule> rules,
    OverstockSeverity severity,
    List<ClearanceSuggestion> suggestions)
{
    /** The strategies offered, in order. */
    public List<ClearanceStrategy> strategies()
    {
        return suggestions.stream().map(ClearanceSuggestion::strategy).toList();
    }
}
