package io.stockring.planner.policy;

/**
 * One location's stock of one gift, as {@link Rebalancer} sees it.
 *
 * @param code                 the location code
 * @param parentCode           the location that supplies it (a store's regional warehouse); null for the central warehouse
 * @param kind                 what kind of location it is
 * @param availableUnits       on hand minus reserved: what can still be redeemed or moved
 * @param projectedDemandUnits demand expected over the horizon (the lead time of a transfer)
 * @param safetyStockUnits     its policy's safety stock
 * @param reorderPointUnits    its policy's reorder point
 * @param orderUpToUnits       its policy's order-up-to level, not below the reorder point
 */
public record LocationStock(
    String code,
    String parentCode,
    LocationKind kind,
    long availableUnits,
    long projectedDemandUnits,
    long safetyStockUnits,
    long reorderPointUnits,
    long orderUpToUnits)
{
    public LocationStock
    {
        Checks.nonBlank(code, "code");
        Checks.require(parentCode == null || !parentCode.isBlank(), "parentCode must be null or not blank");
        Checks.require(!code.equals(parentCode), "location " + code + " cannot be its own parent");
        Checks.notNull(kind, "kind");
        Checks.nonNegative(availableUnits, "availableUnits");
        Checks.nonNegative(projectedDemandUnits, "projectedDemandUnits");
        Checks.nonNegative(safetyStockUnits, "safetyStockUnits");
        Checks.nonNegative(reorderPointUnits, "reorderPointUnits");
        Checks.require(orderUpToUnits >= reorderPointUnits, "orderUpToUnits (" + orderUpToUnits +
            ") must not be below reorderPointUnits (" + reorderPointUnits + ") at " + code);
    }

    /** Without an order-up-to level: the reorder point stands in for it. */
    public LocationStock(
        final String code,
        final String parentCode,
        final LocationKind kind,
        final long availableUnits,
        final long projectedDemandUnits,
        final long safetyStockUnits,
        final long reorderPointUnits)
    {
        this(code, parentCode, kind, availableUnits, projectedDemandUnits, safetyStockUnits, reorderPointUnits,
            reorderPointUnits);
    }

    /** From a location's policy, with the order-up-to level taken from it too. */
    public static LocationStock of(
        final String parentCode,
        final LocationKind kind,
        final StockPolicy policy,
        final long availableUnits,
        final long projectedDemandUnits)
    {
        Checks.notNull(policy, "policy");
        return new LocationStock(policy.location(), parentCode, kind, availableUnits, projectedDemandUnits,
            policy.safetyStockUnits(), policy.reorderPointUnits(), policy.orderUpToUnits());
    }

    /** available - projected demand: what will be left at the end of the horizon if nothing moves. */
    public long projectedStockUnits()
    {
        return availableUnits - projectedDemandUnits;
    }
}
