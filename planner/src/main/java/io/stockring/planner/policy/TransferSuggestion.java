package io.stockring.planner.policy;

/**
 * A suggested move of stock between two locations.
 *
 * @param sku                      the gift
 * @param fromLocation             the donor
 * @param toLocation               the receiver
 * @param quantityUnits            whole units to move, > 0
 * @param reason                   why, in words
 * @param receiverProjectedUnits   the receiver's projected stock before the move
 * @param receiverSafetyStockUnits the receiver's safety stock
 */
public record TransferSuggestion(
    String sku,
    String fromLocation,
    String toLocation,
    long quantityUnits,
    String reason,
    long receiverProjectedUnits,
    long receiverSafetyStockUnits)
{
}
