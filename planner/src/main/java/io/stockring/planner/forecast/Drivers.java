package io.stockring.planner.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What moves demand besides the series' own rhythm, day by day over a date range: which calendar
 * events are active, and how many points expire (from the points system).
 *
 * <p>Built once per range and read by date, so one instance may cover history and forecast days and
 * serve every series the same events apply to. Immutable.
 *
 * <pre>
 *   names:        [0]="mid-autumn"  [1]="double-points"  ...   at most 64 distinct names
 *   activeMask:   day d -> bit k set when an occurrence of names[k] (lead days included) covers d
 *   expiryPrefix: day d -> points expiring on days [0, d), for O(1) window means
 * </pre>
 */
public final class Drivers
{
    /** At most this many distinct event names per instance: one bit each in a {@code long} per day. */
    public static final int MAX_EVENT_NAMES = 64;

    /** No events, no expiry data. */
    public static final Drivers NONE = new Drivers(LocalDate.EPOCH, 0, List.of(), null);

    private final LocalDate start;
    private final long startEpochDay;
    private final int days;
    private final List<CalendarEvent> events;
    private final String[] names;
    private final CalendarEvent[] firstOccurrence;
    private final long[] activeMask;
    private final double[] expiryPrefixPoints;

    private Drivers(final LocalDate start, final int days, final List<CalendarEvent> events, final double[] expiringPoints)
    {
        this.start = start;
        this.startEpochDay = start.toEpochDay();
        this.days = days;
        this.events = List.copyOf(events);

        final List<String> distinct = new ArrayList<>();
        final List<CalendarEvent> firsts = new ArrayList<>();
        for (final CalendarEvent e : this.events)
        {
            if (!distinct.contains(e.name()))
            {
                distinct.add(e.name());
                firsts.add(e);
            }
        }
        if (distinct.size() > MAX_EVENT_NAMES)
        {
            throw new IllegalArgumentException(
                "at most " + MAX_EVENT_NAMES + " distinct event names per Drivers, got " + distinct.size());
        }
        this.names = distinct.toArray(new String[0]);
        this.firstOccurrence = firsts.toArray(new CalendarEvent[0]);

        if (this.events.isEmpty())
        {
            this.activeMask = null;
        }
        else
        {
            this.activeMask = new long[days];
            for (final CalendarEvent e : this.events)
            {
                final long bit = 1L << distinct.indexOf(e.name());
                final long from = Math.max(0, e.activeFrom().toEpochDay() - startEpochDay);
                final long to = Math.min(days - 1L, e.last().toEpochDay() - startEpochDay);
                for (long d = from; d <= to; d++)
                {
                    activeMask[(int) d] |= bit;
                }
            }
        }

        if (expiringPoints == null)
        {
            this.expiryPrefixPoints = null;
        }
        else
        {
            if (expiringPoints.length != days)
            {
                throw new IllegalArgumentException(
                    "expiringPoints must have one value per day (" + days + ") but has " + expiringPoints.length);
            }
            this.expiryPrefixPoints = new double[days + 1];
            for (int d = 0; d < days; d++)
            {
                final double v = expiringPoints[d];
                if (!(v >= 0) || v == Double.POSITIVE_INFINITY)
                {
                    throw new IllegalArgumentException(
                        "expiringPoints[" + d + "] (" + start.plusDays(d) + ") must be finite and >= 0 but was " + v);
                }
                expiryPrefixPoints[d + 1] = expiryPrefixPoints[d] + v;
            }
        }
    }

    /**
     * @param start          first day of the range
     * @param days           length of the range
     * @param events         occurrences; parts outside the range are ignored
     * @param expiringPoints points expiring per day of the range, or null when unknown
     */
    public static Drivers of(final LocalDate start, final int days, final List<CalendarEvent> events,
        final double[] expiringPoints)
    {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(events, "events");
        if (days < 0)
        {
            throw new IllegalArgumentException("days must be >= 0 but was " + days);
        }
        return new Drivers(start, days, events, expiringPoints);
    }

    public static Drivers ofEvents(final LocalDate start, final int days, final List<CalendarEvent> events)
    {
        return of(start, days, events, null);
    }

    public static Drivers ofExpiry(final LocalDate start, final double[] expiringPoints)
    {
        return of(start, Objects.requireNonNull(expiringPoints, "expiringPoints").length, List.of(), expiringPoints);
    }

    public LocalDate start()
    {
        return start;
    }

    public int days()
    {
        return days;
    }

    public List<CalendarEvent> events()
    {
        return events;
    }

    public boolean hasExpiry()
    {
        return expiryPrefixPoints != null;
    }

    /** True when an occurrence of {@code name} (lead days included) covers {@code date}. */
    public boolean isActive(final String name, final LocalDate date)
    {
        for (int k = 0; k < names.length; k++)
        {
            if (names[k].equals(name))
            {
                return (maskAt(date.toEpochDay()) & (1L << k)) != 0;
            }
        }
        return false;
    }

    /** Points expiring on {@code date}, or NaN when outside the range or unknown. */
    public double expiringPointsOn(final LocalDate date)
    {
        final long d = date.toEpochDay() - startEpochDay;
        if (expiryPrefixPoints == null || d < 0 || d >= days)
        {
            return Double.NaN;
        }
        return expiryPrefixPoints[(int) d + 1] - expiryPrefixPoints[(int) d];
    }

    long startEpochDay()
    {
        return startEpochDay;
    }

    int nameCount()
    {
        return names.length;
    }

    String name(final int key)
    {
        return names[key];
    }

    /** The first occurrence listed under a name: its kind and default speak for the name. */
    CalendarEvent event(final int key)
    {
        return firstOccurrence[key];
    }

    /** Bit k set when {@code name(k)} is active on that day; 0 outside the range. */
    long maskAt(final long epochDay)
    {
        final long d = epochDay - startEpochDay;
        if (activeMask == null || d < 0 || d >= days)
        {
            return 0;
        }
        return activeMask[(int) d];
    }

    /**
     * Mean points expiring per day over {@code [epochDay, epochDay + lookaheadDays)}, clipped to the
     * range: members redeem in the days before their points lapse. NaN when the day is outside the
     * range or expiry is unknown.
     */
    double expiryMeanAhead(final long epochDay, final int lookaheadDays)
    {
        final long d = epochDay - startEpochDay;
        if (expiryPrefixPoints == null || d < 0 || d >= days)
        {
            return Double.NaN;
        }
        final int from = (int) d;
        final int to = (int) Math.min(days, d + lookaheadDays);
        return (expiryPrefixPoints[to] - expiryPrefixPoints[from]) / (to - from);
    }
}
