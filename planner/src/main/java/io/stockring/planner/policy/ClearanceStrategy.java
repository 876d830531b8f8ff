package io.stockring.planner.policy;

/** Ways to move overstock, from the mildest (keeps most value) to the last resort. */
public enum ClearanceStrategy
{
    /** Redeem for fewer points for a limited time. */
    POINTS_DISCOUNT,
    /** Offer as an add-on to the most popular gift of the same category. */
    BUNDLE,
    /** Fewer points plus a little cash: recovers money, not just space. */
    POINTS_PLUS_CASH,
    /** Sell to staff at cost or below. */
    STAFF_SALE,
    /** Give to charity or sell to a recycler. */
    DONATE
}
