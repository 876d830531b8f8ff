package io.stockring.planner.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The stock KPIs and their alarm bands.
 *
 * <pre>
 *   turnover       outbound units / average stock     (x 365 / window days = turns a year)
 *                  < 1 a year: overstock risk; > 12 a year: stockout risk
 *   stockout rate  reserves refused for stock / reserve requests          alarm above 5%
 *   overstock rate stock with no outbound for 180 days / all stock        alarm above 20%
 * </pre>
 *
 * Empty denominators give 0 (nothing asked, nothing held: nothing wrong), except turnover with
 * outbound but no average stock, which is infinite.
 */
public final class Kpis
{
    private Kpis()
    {
    }

    /** outbound / average stock over the same window. */
    public static double turnover(final long outboundUnits, final double averageStockUnits)
    {
        Checks.nonNegative(outboundUnits, "outboundUnits");
        Checks.nonNegative(averageStockUnits, "averageStockUnits");
        if (averageStockUnits == 0.0)
        {
            return outboundUnits == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return outboundUnits / averageStockUnits;
    }

    /** Turns over a window of {@code windowDays}, scaled to turns a year. */
    public static double annualise(final double turnover, final double windowDays)
    {
        Checks.positive(windowDays, "windowDays");
        if (!(turnover >= 0.0))
        {
            throw new IllegalArgumentException("turnover must be >= 0, was " + turnover);
        }
        return turnover * PolicyConfig.DAYS_PER_YEAR / windowDays;
    }

    /** The mean of stock snapshots taken at even intervals over the window (at least one). */
    public static double averageStock(final long... stockUnitSnapshots)
    {
        Checks.notNull(stockUnitSnapshots, "stockUnitSnapshots");
        Checks.require(stockUnitSnapshots.length > 0, "stockUnitSnapshots must not be empty");
        double sum = 0.0;
        for (final long s : stockUnitSnapshots)
        {
            sum += Checks.nonNegative(s, "stockUnitSnapshots element");
        }
        return sum / stockUnitSnapshots.length;
    }

    /** Reserve requests refused for lack of stock / all reserve requests. */
    public static double stockoutRate(final long reserveRejectedForStock, final long reserveRequests)
    {
        Checks.nonNegative(reserveRejectedForStock, "reserveRejectedForStock");
        Checks.nonNegative(reserveRequests, "reserveRequests");
        Checks.require(reserveRejectedForStock <= reserveRequests, "reserveRejectedForStock (" +
            reserveRejectedForStock + ") must not exceed reserveRequests (" + reserveRequests + ")");
        return reserveRequests == 0 ? 0.0 : (double)reserveRejectedForStock / reserveRequests;
    }

    /** Stale stock (no outbound for 180+ days) / all stock, in units or in value. */
    public static double overstockRate(final double staleStock, final double totalStock)
    {
        Checks.nonNegative(staleStock, "staleStock");
        Checks.nonNegative(totalStock, "totalStock");
        return totalStock == 0.0 ? 0.0 : staleStock / totalStock;
    }

    /** The KPIs of one gift over a window, flagged against {@code config}'s bands. */
    public static KpiReport evaluate(final ItemActivity activity, final double windowDays, final PolicyConfig config)
    {
        Checks.notNull(activity, "activity");
        return report(activity.sku(), windowDays, activity.outboundUnits(), activity.averageStockUnits(),
            activity.reserveRequests(), activity.reserveRejectedForStock(), activity.stockUnits(),
            activity.staleStockUnits(), activity.stockValue(), activity.staleStockValue(), config);
    }

    /** As {@link #evaluate(ItemActivity, double, PolicyConfig)} with the default bands. */
    public static KpiReport evaluate(final ItemActivity activity, final double windowDays)
    {
        return evaluate(activity, windowDays, PolicyConfig.defaults());
    }

    static KpiReport report(
        final String scope,
        final double windowDays,
        final long outboundUnits,
        final double averageStockUnits,
        final long reserveRequests,
        final long reserveRejectedForStock,
        final long stockUnits,
        final long staleStockUnits,
        final double stockValue,
        final double staleStockValue,
        final PolicyConfig config)
    {
        Checks.positive(windowDays, "windowDays");
        Checks.notNull(config, "config");
        final double turnover = turnover(outboundUnits, averageStockUnits);
        final double annualTurnover = annualise(turnover, windowDays);
        final double stockoutRate = stockoutRate(reserveRejectedForStock, reserveRequests);
        final double overstockRateUnits = overstockRate(staleStockUnits, stockUnits);
        final double overstockRateValue = overstockRate(staleStockValue, stockValue);

        final Set<KpiFlag> flags = EnumSet.noneOf(KpiFlag.class);
        if (averageStockUnits > 0.0 && annualTurnover < config.minAnnualTurnover())
        {
            flags.add(KpiFlag.OVERSTOCK_RISK_LOW_TURNOVER);
        }
        if (annualTurnover > config.maxAnnualTurnover())
        {
            flags.add(KpiFlag.STOCKOUT_RISK_HIGH_TURNOVER);
        }
        if (stockoutRate > config.maxStockoutRate())
        {
            flags.add(KpiFlag.STOCKOUT_RATE_HIGH);
        }
        if (overstockRateUnits > config.maxOverstockRate())
        {
            flags.add(KpiFlag.OVERSTOCK_RATE_HIGH);
        }
        return new KpiReport(scope, windowDays, outboundUnits, averageStockUnits, turnover, annualTurnover,
            reserveRequests, reserveRejectedForStock, stockoutRate, stockUnits, staleStockUnits,
            overstockRateUnits, stockValue, staleStockValue, overstockRateValue, Collections.unmodifiableSet(flags));
    }
}
