package io.stockring.planner.policy;

/** Argument checks whose messages name the argument, so a bad feed is found from the message alone. */
final class Checks
{
    private Checks()
    {
    }

    static double nonNegative(final double value, final String name)
    {
        if (!(value >= 0.0) || value == Double.POSITIVE_INFINITY)
        {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
        }
        return value;
    }

    static double positive(final double value, final String name)
    {
        if (!(value > 0.0) || value == Double.POSITIVE_INFINITY)
        {
            throw new IllegalArgumentException(name + " must be a finite number > 0, was " + value);
        }
        return value;
    }

    static double finite(final double value, final String name)
    {
        if (!Double.isFinite(value))
        {
            throw new IllegalArgumentException(name + " must be a finite number, was " + value);
        }
        return value;
    }

    /** A share such as 0.30 of the stock: within [0, 1]. */
    static double share(final double value, final String name)
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new IllegalArgumentException(name + " must be within [0, 1], was " + value);
        }
        return value;
    }

    static long nonNegative(final long value, final String name)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        return value;
    }

    static long positive(final long value, final String name)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    static <T> T notNull(final T value, final String name)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    static String nonBlank(final String value, final String name)
    {
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static void require(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
