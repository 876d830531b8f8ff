package io.stockring.core.command;

/**
 * Where stock can sit. The code is journaled, stored in the catalog and hashed into request
 * content hashes: a code never changes meaning, and a new kind takes a new code (the declaration
 * order is free to change).
 */
public enum LocationKind
{
    CENTRAL_WAREHOUSE(0),
    REGIONAL_WAREHOUSE(1),
    STORE(2),
    ONLINE_POOL(3);

    private static final LocationKind[] BY_CODE = new LocationKind[4];

    static
    {
        for (final LocationKind k : values())
        {
            BY_CODE[k.code] = k;
        }
    }

    private final int code;

    LocationKind(final int code)
    {
        this.code = code;
    }

    /** The persisted code. */
    public int code()
    {
        return code;
    }

    /** The kind of a persisted code, or null for a code no kind has. */
    public static LocationKind fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
