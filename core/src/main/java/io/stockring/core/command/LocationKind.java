package io.stockring.core.command;

/** Where stock can sit. The byte value is journaled and must never change. */
public enum LocationKind
{
    CENTRAL_WAREHOUSE,
    REGIONAL_WAREHOUSE,
    STORE,
    ONLINE_POOL;

    private static final LocationKind[] VALUES = values();

    public static LocationKind fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}
