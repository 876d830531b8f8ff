package io.stockring.planner.policy;

/** Which safety stock formula {@link PolicyCalculator} uses. */
public enum SafetyStockMethod
{
    /** z x sqrt(P x sigma_d^2 + d^2 x sigma_L^2) over the protection interval P = lead time + review period. */
    STATISTICAL,
    /**
     * (expected maximum daily demand - mean daily demand) x protection interval: the rule of thumb for
     * gifts without enough history for a standard deviation; needs {@link DemandStats#maxDailyDemand()}.
     */
    SIMPLE_MAX_MINUS_MEAN
}
