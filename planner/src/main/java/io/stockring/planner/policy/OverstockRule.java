package io.stockring.planner.policy;

/** Why stock counts as overstock. */
public enum OverstockRule
{
    /** No outbound for at least {@link PolicyConfig#overstockNoOutboundDays()}. */
    NO_OUTBOUND,
    /** More than {@link PolicyConfig#overstockCoverMonths()} of mean demand on hand. */
    EXCESS_COVER
}
