package io.stockring.planner.forecast;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * Daily demand of one series (a gift at a location) in units per day, oldest day first, with the
 * drivers (calendar events, expiring points) that were in force over those days.
 *
 * <p>Validated once here so that every method can run tight loops without checks: each value is
 * finite and non-negative. The array is copied in and {@link #demand()} copies out, so a reader
 * may reuse its buffer for the next series.
 */
public final class DemandSeries
{
    private final LocalDate start;
    private final double[] demand;
    private final Drivers drivers;

    public DemandSeries(final LocalDate start, final double[] demand)
    {
        this(start, demand, Drivers.NONE);
    }

    /**
     * @param start   the date of {@code demand[0]}
     * @param demand  units per day, each finite and {@code >= 0}
     * @param drivers events and expiring points over (at least) these days; {@link Drivers#NONE} if unknown
     * @throws IllegalArgumentException naming the first bad index
     */
    public DemandSeries(final LocalDate start, final double[] demand, final Drivers drivers)
    {
        this.start = Objects.requireNonNull(start, "start");
        this.drivers = Objects.requireNonNull(drivers, "drivers");
        this.demand = Objects.requireNonNull(demand, "demand").clone();
        for (int i = 0; i < this.demand.length; i++)
        {
            final double v = this.demand[i];
            if (!(v >= 0.0) || v == Double.POSITIVE_INFINITY)
            {
                throw new IllegalArgumentException(
                    "demand[" + i + "] (" + start.plusDays(i) + ") must be finite and >= 0 but was " + v);
            }
        }
    }

    public LocalDate start()
    {
        return start;
    }

    public int days()
    {
        return demand.length;
    }

    /** The day after the last day of history: the first day a forecast covers. */
    public LocalDate endExclusive()
    {
        return start.plusDays(demand.length);
    }

    public double demandOn(final int day)
    {
        return demand[day];
    }

    /** A copy of the demand, units per day. */
    public double[] demand()
    {
        return demand.clone();
    }

    public Drivers drivers()
    {
        return drivers;
    }

    /** The first {@code days} days, with the same drivers: history as it stood at a backtest origin. */
    public DemandSeries head(final int days)
    {
        if (days < 0 || days > demand.length)
        {
            throw new IllegalArgumentException("head days must be 0-" + demand.length + " but was " + days);
        }
        return new DemandSeries(start, Arrays.copyOf(demand, days), drivers);
    }

    /** The validated array itself, for the methods of this package; never written. */
    double[] values()
    {
        return demand;
    }
}
