package io.stockring.planner.policy;

/** Turning computed quantities into whole units. */
final class Units
{
    /**
     * Absorbs binary floating-point noise before rounding up, so that 500 x 0.23 (which is
     * 115.00000000000001 in doubles) stays 115 units instead of becoming 116.
     */
    static final double ROUNDING_TOLERANCE = 1e-9;

    private Units()
    {
    }

    /** Rounds up to whole units; never negative. */
    static long ceilUnits(final double units)
    {
        final double up = Math.ceil(units - ROUNDING_TOLERANCE);
        return up <= 0.0 ? 0L : (long)up;
    }

    /** Rounds a non-negative quantity up to a whole multiple of {@code multiple} (1 = any). */
    static long ceilToMultiple(final long units, final long multiple)
    {
        final long rest = units % multiple;
        return rest == 0 ? units : Math.addExact(units, multiple - rest);
    }
}
