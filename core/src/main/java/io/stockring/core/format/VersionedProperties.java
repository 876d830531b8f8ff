package io.stockring.core.format;

import java.util.Properties;

/**
 * The {@code format} key of the small text files (node.meta, the ledger's FORMAT, a snapshot's
 * marker): a file written before versions existed has none and is read as version 1; any other
 * version than the one a build reads is refused.
 */
public final class VersionedProperties
{
    /** The key; files written before it existed are version 1. */
    public static final String KEY = "format";

    private VersionedProperties()
    {
    }

    /** Checks {@code p}'s format against {@code expected}; throws {@link FormatException} otherwise. */
    public static void check(final Object file, final Properties p, final int expected)
    {
        final String found = p.getProperty(KEY, "1");
        if (!found.equals(Integer.toString(expected)))
        {
            throw FormatException.of(file, "format " + found, "format " + expected);
        }
    }
}
