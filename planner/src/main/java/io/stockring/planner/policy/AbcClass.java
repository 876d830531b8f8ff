package io.stockring.planner.policy;

/**
 * Value class of a gift. A: the few gifts (phones, tablets) that carry about 70% of redemption
 * value, watched daily; B: the next 20% (earbuds, power banks), weekly; C: the long tail of cheap
 * gifts (tissues, towels), monthly.
 */
public enum AbcClass
{
    A,
    B,
    C
}
