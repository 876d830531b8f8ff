package io.stockring.planner.policy;

import java.util.Optional;

/**
 * Suggests a purchase when the inventory position is at or below the reorder point. The quantity
 * follows the class's ordering strategy:
 *
 * <pre>
 *   SMALL_FREQUENT (A)  order-up-to level - position      (none if already at that level)
 *   EOQ            (B)  max(EOQ, ROP - position + 1)      (always ends above the reorder point)
 *   BULK           (C)  ROP - position + d x bulk cover months   (the next order is months away)
 * </pre>
 *
 * then rounded up to the supplier's minimum order and case pack. No strategy leaves the position
 * below the reorder point, so the next review does not suggest the same purchase again.
 */
public final class PurchaseSuggester
{
    private final PolicyConfig config;

    public PurchaseSuggester()
    {
        this(PolicyConfig.defaults());
    }

    public PurchaseSuggester(final PolicyConfig config)
    {
        this.config = Checks.notNull(config, "config");
    }

    /**
     * @param policy   the (sku, location)'s policy
     * @param item     the gift's economics; same sku as the policy
     * @param position the stock counted on now
     * @return a suggestion, or empty when the position is above the reorder point, when a
     *         SMALL_FREQUENT position already sits at its order-up-to level, or when nothing is expected
     *         to sell and nothing is owed (reorder point 0, position 0)
     */
    public Optional<PurchaseSuggestion> suggest(
        final StockPolicy policy,
        final ItemEconomics item,
        final InventoryPosition position)
    {
        Checks.notNull(policy, "policy");
        Checks.notNull(item, "item");
        Checks.notNull(position, "position");
        Checks.require(policy.sku().equals(item.sku()),
            "policy is for sku " + policy.sku() + " but item is " + item.sku());

        final long positionUnits = position.positionUnits();
        final long rop = policy.reorderPointUnits();
        if (positionUnits > rop || (rop == 0 && positionUnits == 0))
        {
            return Optional.empty();
        }

        final StringBuilder reason = new StringBuilder(160)
            .append("position ").append(positionUnits)
            .append(" (on hand ").append(position.onHandUnits())
            .append(" + in transit ").append(position.inTransitUnits())
            .append(" + on order ").append(position.onOrderUnits())
            .append(" - reserved ").append(position.reservedUnits())
            .append(") <= reorder point ").append(rop)
            .append("; class ").append(policy.abcClass()).append(' ');

        long quantity;
        switch (policy.orderingStrategy())
        {
            case SMALL_FREQUENT ->
            {
                quantity = policy.orderUpToUnits() - positionUnits;
                reason.append("small and frequent: up to order-up-to level ").append(policy.orderUpToUnits())
                    .append(" = ").append(quantity);
            }
            case EOQ ->
            {
                final long toPassRop = rop - positionUnits + 1;
                quantity = Math.max(policy.eoqUnits(), toPassRop);
                reason.append("EOQ ").append(policy.eoqUnits());
                if (quantity > policy.eoqUnits())
                {
                    reason.append(", raised to ").append(quantity).append(" to pass the reorder point");
                }
            }
            case BULK ->
            {
                final long coverUnits = Units.ceilUnits(
                    policy.meanDailyDemand() * config.bulkCoverMonths() * PolicyConfig.DAYS_PER_MONTH);
                quantity = rop - positionUnits + coverUnits;
                reason.append("bulk: back to reorder point plus ").append(fmt(config.bulkCoverMonths()))
                    .append(" months of demand (").append(coverUnits).append(") = ").append(quantity);
            }
            default -> throw new IllegalStateException("unknown ordering strategy " + policy.orderingStrategy());
        }
        if (quantity <= 0)
        {
            return Optional.empty();
        }
        if (quantity < item.minimumOrderUnits())
        {
            quantity = item.minimumOrderUnits();
            reason.append(", raised to minimum order ").append(quantity);
        }
        final long packed = Units.ceilToMultiple(quantity, item.orderMultipleUnits());
        if (packed != quantity)
        {
            quantity = packed;
            reason.append(", rounded up to ").append(quantity).append(" (multiple of ")
                .append(item.orderMultipleUnits()).append(')');
        }

        final PurchaseUrgency urgency = urgency(positionUnits, policy.safetyStockUnits());
        reason.append("; ").append(urgency).append(": ").append(urgencyText(urgency));

        return Optional.of(new PurchaseSuggestion(
            policy.sku(),
            policy.location(),
            policy.abcClass(),
            position.onHandUnits(),
            position.inTransitUnits(),
            position.onOrderUnits(),
            position.reservedUnits(),
            positionUnits,
            rop,
            policy.safetyStockUnits(),
            quantity,
            item.unitCost(),
            quantity * item.unitCost(),
            reason.toString(),
            urgency));
    }

    /** CRITICAL at or below zero or below half the safety stock, URGENT below it, NORMAL otherwise. */
    public static PurchaseUrgency urgency(final long positionUnits, final long safetyStockUnits)
    {
        if (positionUnits <= 0 || 2 * positionUnits < safetyStockUnits)
        {
            return PurchaseUrgency.CRITICAL;
        }
        if (positionUnits < safetyStockUnits)
        {
            return PurchaseUrgency.URGENT;
        }
        return PurchaseUrgency.NORMAL;
    }

    private static String urgencyText(final PurchaseUrgency urgency)
    {
        return switch (urgency)
        {
            case CRITICAL -> "position at or below zero or below half the safety stock";
            case URGENT -> "position below the safety stock";
            case NORMAL -> "safety stock intact";
        };
    }

    private static String fmt(final double value)
    {
        return value == Math.rint(value) ? Long.toString((long)value) : Double.toString(value);
    }
}
