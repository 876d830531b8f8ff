package io.stockring.planner.policy;

/** How much to buy once a purchase is due; chosen per {@link AbcClass} in {@link ClassPolicy}. */
public enum OrderingStrategy
{
    /** Order up to lead time + review period + safety stock: little capital tied up, frequent orders. */
    SMALL_FREQUENT,
    /** Order the economic order quantity, at least enough to lift the position above the reorder point. */
    EOQ,
    /** Order enough to cover several months of demand after the reorder point: few orders for cheap gifts. */
    BULK
}
