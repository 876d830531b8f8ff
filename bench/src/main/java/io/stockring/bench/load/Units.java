package io.stockring.bench.load;

import java.util.Locale;

/**
 * Parsing of the generator's rates and durations, and the number formats of its reports.
 * Everything here is pure arithmetic, so it is unit-tested on its own.
 */
public final class Units
{
    /** The highest rate one sender thread is asked for; above it the schedule itself is the bottleneck. */
    public static final double MAX_RATE_PER_S = 5_000_000;

    private Units()
    {
    }

    /**
     * A rate in operations per second: {@code 20000}, {@code 20k}, {@code 1.5M}, {@code 500/s},
     * {@code 20k/s}. Must be positive and at most {@link #MAX_RATE_PER_S}.
     */
    public static double parseRate(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw new IllegalArgumentException("rate is empty (examples: 20000, 20k, 1.5M, 500/s)");
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("/s"))
        {
            s = s.substring(0, s.length() - 2).trim();
        }
        double multiplier = 1;
        if (s.endsWith("k"))
        {
            multiplier = 1_000;
            s = s.substring(0, s.length() - 1);
        }
        else if (s.endsWith("m"))
        {
            multiplier = 1_000_000;
            s = s.substring(0, s.length() - 1);
        }
        final double value;
        try
        {
            value = Double.parseDouble(s) * multiplier;
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("rate '" + text + "' is not a number (examples: 20000, 20k, 1.5M, " +
                "500/s)");
        }
        if (!(value > 0) || Double.isInfinite(value))
        {
            throw new IllegalArgumentException("rate must be positive, not '" + text + "'");
        }
        if (value > MAX_RATE_PER_S)
        {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "rate %s is more than this generator can schedule (at most %,.0f/s)", text, MAX_RATE_PER_S));
        }
        return value;
    }

    /** A duration in nanoseconds: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1.5s}; a bare number is seconds. */
    public static long parseDurationNs(final String text)
    {
        if (text == null || text.isBlank())
        {
            throw new IllegalArgumentException("duration is empty (examples: 10s, 500ms, 2m)");
        }
        final String s = text.trim().toLowerCase(Locale.ROOT);
        final long unitNs;
        final String number;
        if (s.endsWith("ms"))
        {
            unitNs = 1_000_000L;
            number = s.substring(0, s.length() - 2);
        }
        else if (s.endsWith("s"))
        {
            unitNs = 1_000_000_000L;
            number = s.substring(0, s.length() - 1);
        }
        else if (s.endsWith("m"))
        {
            unitNs = 60_000_000_000L;
            number = s.substring(0, s.length() - 1);
        }
        else
        {
            unitNs = 1_000_000_000L;
            number = s;
        }
        final double value;
        try
        {
            value = Double.parseDouble(number.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("duration '" + text + "' is not understood (examples: 10s, 500ms, 2m)");
        }
        if (value < 0 || Double.isNaN(value) || value * unitNs > Long.MAX_VALUE / 2)
        {
            throw new IllegalArgumentException("duration must be zero or positive and sane, not '" + text + "'");
        }
        return Math.round(value * unitNs);
    }

    /** Latency in nanoseconds as milliseconds with 3 decimals ({@code 1.234}). */
    public static String ms(final long ns)
    {
        return String.format(Locale.ROOT, "%.3f", ns / 1e6);
    }

    /** A count or rate with thousands separators and no decimals ({@code 41,234}). */
    public static String count(final double value)
    {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** A ratio as a percentage with one decimal ({@code 83.5%}). */
    public static String percent(final double ratio)
    {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }
}
