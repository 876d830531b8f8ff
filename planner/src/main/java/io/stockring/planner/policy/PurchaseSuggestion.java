package io.stockring.planner.policy;

/**
 * A suggested purchase for one (sku, location), with the numbers that led to it so a buyer can
 * check it without rerunning the planner.
 *
 * @param sku               the gift
 * @param location          where the goods should go
 * @param abcClass          its value class (decides the quantity rule)
 * @param onHandUnits       on hand at decision time
 * @param inTransitUnits    in transit at decision time
 * @param onOrderUnits      already on order at decision time
 * @param reservedUnits     reserved at decision time
 * @param positionUnits     on hand + in transit + on order - reserved
 * @param reorderPointUnits the policy's reorder point
 * @param safetyStockUnits  the policy's safety stock
 * @param quantityUnits     units to buy, after minimum order and case pack rounding
 * @param unitCost          purchase cost per unit
 * @param value             quantity x unit cost
 * @param reason            why and how the quantity was chosen, in words
 * @param urgency           how soon to act
 */
public record PurchaseSuggestion(
    String sku,
    String location,
    AbcClass abcClass,
    long onHandUnits,
    long inTransitUnits,
    long onOrderUnits,
    long reservedUnits,
    long positionUnits,
    long reorderPointUnits,
    long safetyStockUnits,
    long quantityUnits,
    double unitCost,
    double value,
    String reason,
    PurchaseUrgency urgency)
{
}
