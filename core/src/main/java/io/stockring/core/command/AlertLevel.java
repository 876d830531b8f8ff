package io.stockring.core.command;

/**
 * Stock health of one (sku, location) entry against the safety stock the planner set.
 * Derived from the entry (never stored), so it cannot drift from the quantities.
 *
 * <pre>
 *   GREEN   available >= 1.2 x safety stock (or no policy set)
 *   YELLOW  available <  1.2 x safety stock
 *   ORANGE  available <  safety stock
 *   RED     available <  0.5 x safety stock
 * </pre>
 */
public enum AlertLevel
{
    GREEN,
    YELLOW,
    ORANGE,
    RED;

    private static final AlertLevel[] VALUES = values();

    /** Integer arithmetic (x10) so the thresholds are exact and allocation free. */
    public static AlertLevel of(final long available, final long safetyStock)
    {
        if (safetyStock <= 0)
        {
            return GREEN;
        }
        final long a10 = available * 10;
        if (a10 < safetyStock * 5)
        {
            return RED;
        }
        if (a10 < safetyStock * 10)
        {
            return ORANGE;
        }
        if (a10 < safetyStock * 12)
        {
            return YELLOW;
        }
        return GREEN;
    }

    public static AlertLevel fromOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
