package io.stockring.planner.policy;

/**
 * The stock a purchase decision counts on: what is here, what is coming, minus what is promised.
 * Reserved units still sit on hand but belong to members' orders, so they do not count.
 *
 * @param onHandUnits    physically at the location
 * @param inTransitUnits shipped to the location (transfers), not yet received
 * @param onOrderUnits   purchased from suppliers, not yet shipped
 * @param reservedUnits  held for members' reservations
 */
public record InventoryPosition(long onHandUnits, long inTransitUnits, long onOrderUnits, long reservedUnits)
{
    public InventoryPosition
    {
        Checks.nonNegative(onHandUnits, "onHandUnits");
        Checks.nonNegative(inTransitUnits, "inTransitUnits");
        Checks.nonNegative(onOrderUnits, "onOrderUnits");
        Checks.nonNegative(reservedUnits, "reservedUnits");
    }

    /** on hand + in transit + on order - reserved; negative when more is promised than will exist. */
    public long positionUnits()
    {
        return Math.subtractExact(Math.addExact(Math.addExact(onHandUnits, inTransitUnits), onOrderUnits), reservedUnits);
    }
}
