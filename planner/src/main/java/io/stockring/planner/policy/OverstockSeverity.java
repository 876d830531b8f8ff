package io.stockring.planner.policy;

/** How hard to push overstock out; decides the clearance strategies offered. */
public enum OverstockSeverity
{
    /** Too much cover but still moving: nudge demand (points discount, bundle). */
    MODERATE,
    /** Not moving for months, or twice the allowed cover: recover cash too (points + cash). */
    SEVERE,
    /** Not moving for a year or more: get it out (points + cash, staff sale, donation). */
    DEAD
}
