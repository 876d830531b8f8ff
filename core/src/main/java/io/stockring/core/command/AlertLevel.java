package io.stockring.core.command;

/**
 * Stock health of one (sku, location) entry against the safety stock the planner set.
 * Derived from the entry (never stored), so it cannot drift from the quantities. Its code is
 * the result value of a {@code SET_POLICY}, kept in request outcomes, so codes never change.
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
    GREEN(0),
    YELLOW(1),
    ORANGE(2),
    RED(3);

    private static final AlertLevel[] BY_CODE = new AlertLevel[4];

    static
    {
        for (final AlertLevel l : values())
        {
            BY_CODE[l.code] = l;
        }
    }

    private final int code;

    AlertLevel(final int code)
    {
        this.code = code;
    }

    /** The persisted code (0..3, also the order of severity). */
    public int code()
    {
        return code;
    }

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

    /** The level of a code from {@link #code()}; a code no level has is refused. */
    public static AlertLevel fromCode(final int code)
    {
        if (code < 0 || code >= BY_CODE.length)
        {
            throw new IllegalArgumentException("unknown alert level code " + code);
        }
        return BY_CODE[code];
    }
}
