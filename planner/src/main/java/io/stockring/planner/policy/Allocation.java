package io.stockring.planner.policy;

import java.util.Map;

/**
 * How a quantity of one gift is split across locations.
 *
 * @param sku                 the gift
 * @param quantityUnits       the whole quantity; the values of {@code unitsByLocation} sum to it
 * @param centralLocation     the central warehouse's code
 * @param centralReserveUnits the part kept at the central warehouse as the transfer reserve
 * @param unitsByLocation     units per location code, sorted by code; the central warehouse's entry
 *                            holds its reserve plus any demand share of its own
 */
public record Allocation(
    String sku,
    long quantityUnits,
    String centralLocation,
    long centralReserveUnits,
    Map<String, Long> unitsByLocation)
{
    /** Units for {@code location}, 0 if it got none. */
    public long unitsAt(final String location)
    {
        return unitsByLocation.getOrDefault(location, 0L);
    }
}
