package io.stockring.planner.policy;

/** How soon a purchase suggestion should be acted on; mirrors the core's alert levels. */
public enum PurchaseUrgency
{
    /** Position at or below zero, or below half the safety stock (the core's red level). */
    CRITICAL,
    /** Position below the safety stock (the core's orange level): the buffer is being eaten. */
    URGENT,
    /** Position at or below the reorder point but the safety stock is intact: routine replenishment. */
    NORMAL
}
