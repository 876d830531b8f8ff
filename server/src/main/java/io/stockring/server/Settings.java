package io.stockring.server;

import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reading typed values from the server's and the security file's settings: an absent key takes its
 * default, a malformed one is refused with the key and the value named, so a bad file stops the
 * start-up with one clear line instead of running on a guess.
 */
public final class Settings
{
    private Settings()
    {
    }

    public static boolean booleanOf(final Properties p, final String key, final boolean fallback)
    {
        return booleanOf(p.getProperty(key), key, fallback);
    }

    public static boolean booleanOf(final String value, final String key, final boolean fallback)
    {
        if (value == null)
        {
            return fallback;
        }
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("setting '" + key + "' must be true or false, not '" + value + "'");
        }
    }

    public static long longOf(final Properties p, final String key, final long fallback)
    {
        return longOf(p.getProperty(key), key, fallback);
    }

    public static long longOf(final String value, final String key, final long fallback)
    {
        return value == null ? fallback : parsed(value, key, Long::parseLong, "a whole number");
    }

    public static int intOf(final Properties p, final String key, final int fallback)
    {
        final long value = longOf(p, key, fallback);
        check(value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE,
            "setting '" + key + "' is out of range: " + value);
        return (int)value;
    }

    public static double doubleOf(final Properties p, final String key, final double fallback)
    {
        final String value = p.getProperty(key);
        return value == null ? fallback : parsed(value, key, Double::parseDouble, "a number");
    }

    /** The value parsed, or a refusal naming the key, what it must be and what it was. */
    private static <T> T parsed(final String value, final String key, final Function<String, T> parser,
        final String mustBe)
    {
        try
        {
            return parser.apply(value.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("setting '" + key + "' must be " + mustBe + ", not '" + value + "'");
        }
    }

    /** Refuses a setting that parsed but is out of range. */
    public static void check(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
