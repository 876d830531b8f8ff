package io.stockring.planner.history;

import java.time.LocalDate;

/**
 * One entry of the event calendar: a holiday or a promotion, the days it covers and what it
 * applies to ("*" for everything, else a sku, a category or a location code).
 *
 * @param multiplier demand multiplier to assume when history has no past occurrence; NaN to
 *                   use the configured default for the kind
 * @param leadDays   days before {@code firstDay} when demand already rises (gifts bought ahead
 *                   of a festival)
 */
public record CalendarRow(String name, Kind kind, LocalDate firstDay, LocalDate lastDay, String scope,
    double multiplier, int leadDays)
{
    public enum Kind
    {
        HOLIDAY, PROMOTION
    }
}
