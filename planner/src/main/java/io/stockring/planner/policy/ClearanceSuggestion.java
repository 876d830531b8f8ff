package io.stockring.planner.policy;

/**
 * One clearance action with the numbers filled in.
 *
 * @param strategy the kind of action
 * @param text     what to do, in a sentence, e.g. "redeem for 8000 points instead of 10000 (20% fewer)"
 */
public record ClearanceSuggestion(ClearanceStrategy strategy, String text)
{
}
