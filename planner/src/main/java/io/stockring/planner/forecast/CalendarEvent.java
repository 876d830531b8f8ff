package io.stockring.planner.forecast;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One occurrence of a calendar event that moves demand: a holiday (Mid-Autumn, Spring Festival) or
 * a promotion (double points). Occurrences in different years share a {@code name}; that is how the
 * effect measured in past years reaches next year's forecast.
 *
 * <p>The effect is one multiplier over the whole active window, {@code [first - leadDays, last]}:
 * mooncakes sell in the weeks before Mid-Autumn, so that holiday gets lead days.
 *
 * @param name              key shared by every occurrence, e.g. "mid-autumn", "double-points"
 * @param kind              what it is; picks the configured default multiplier
 * @param first             first day of the event itself
 * @param last              last day of the event itself, {@code >= first}
 * @param scope             whom it applies to: null or "*" for every series, else a sku or category. The
 *                          caller matches scopes ({@link #appliesTo}) and hands each series its events
 * @param defaultMultiplier demand multiplier used while history holds no occurrence of {@code name};
 *                          {@link #KIND_DEFAULT} (NaN) for the configured default of the kind
 * @param leadDays          days before {@code first} on which demand already rises, {@code >= 0}
 */
public record CalendarEvent(String name, Kind kind, LocalDate first, LocalDate last, String scope,
    double defaultMultiplier, int leadDays)
{
    /** Sentinel for {@code defaultMultiplier}: take the configured default of the event's kind. */
    public static final double KIND_DEFAULT = Double.NaN;

    public enum Kind
    {
        HOLIDAY,
        PROMOTION
    }

    public CalendarEvent
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (name.isBlank())
        {
            throw new IllegalArgumentException("event name must not be blank");
        }
        if (last.isBefore(first))
        {
            throw new IllegalArgumentException("event " + name + ": last " + last + " is before first " + first);
        }
        if (leadDays < 0)
        {
            throw new IllegalArgumentException("event " + name + ": leadDays must be >= 0 but was " + leadDays);
        }
        if (!Double.isNaN(defaultMultiplier) && !(defaultMultiplier > 0 && defaultMultiplier < Double.POSITIVE_INFINITY))
        {
            throw new IllegalArgumentException(
                "event " + name + ": defaultMultiplier must be > 0 and finite (or KIND_DEFAULT) but was " + defaultMultiplier);
        }
    }

    /** A holiday for every series, with the configured holiday default. */
    public static CalendarEvent holiday(final String name, final LocalDate first, final LocalDate last, final int leadDays)
    {
        return new CalendarEvent(name, Kind.HOLIDAY, first, last, null, KIND_DEFAULT, leadDays);
    }

    /** A promotion for every series, with the configured promotion default and no lead days. */
    public static CalendarEvent promotion(final String name, final LocalDate first, final LocalDate last)
    {
        return new CalendarEvent(name, Kind.PROMOTION, first, last, null, KIND_DEFAULT, 0);
    }

    public CalendarEvent withDefaultMultiplier(final double multiplier)
    {
        return new CalendarEvent(name, kind, first, last, scope, multiplier, leadDays);
    }

    public CalendarEvent withScope(final String newScope)
    {
        return new CalendarEvent(name, kind, first, last, newScope, defaultMultiplier, leadDays);
    }

    /** The first day demand is affected: {@code first - leadDays}. */
    public LocalDate activeFrom()
    {
        return first.minusDays(leadDays);
    }

    /** True when the event concerns {@code skuOrCategory}: scope null, "*", or equal to it. */
    public boolean appliesTo(final String skuOrCategory)
    {
        return scope == null || "*".equals(scope) || scope.equals(skuOrCategory);
    }
}
