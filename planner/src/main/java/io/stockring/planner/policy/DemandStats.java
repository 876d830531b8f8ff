package io.stockring.planner.policy;

import java.util.OptionalDouble;

/**
 * Demand of one gift at one location, as the forecast sees it; plain numbers so the policy does
 * not depend on how they were forecast.
 *
 * @param meanDailyDemand   d, units per day
 * @param dailyDemandStdDev sigma_d, units per day
 * @param maxDailyDemand    expected maximum units per day, for {@link SafetyStockMethod#SIMPLE_MAX_MINUS_MEAN}
 */
public record DemandStats(double meanDailyDemand, double dailyDemandStdDev, OptionalDouble maxDailyDemand)
{
    public DemandStats
    {
        Checks.nonNegative(meanDailyDemand, "meanDailyDemand");
        Checks.nonNegative(dailyDemandStdDev, "dailyDemandStdDev");
        Checks.notNull(maxDailyDemand, "maxDailyDemand");
        if (maxDailyDemand.isPresent())
        {
            Checks.nonNegative(maxDailyDemand.getAsDouble(), "maxDailyDemand");
            Checks.require(maxDailyDemand.getAsDouble() >= meanDailyDemand, "maxDailyDemand (" +
                maxDailyDemand.getAsDouble() + ") must not be below meanDailyDemand (" + meanDailyDemand + ")");
        }
    }

    /** Mean and spread only: enough for the statistical safety stock. */
    public static DemandStats of(final double meanDailyDemand, final double dailyDemandStdDev)
    {
        return new DemandStats(meanDailyDemand, dailyDemandStdDev, OptionalDouble.empty());
    }

    /** Mean, spread and expected maximum: enough for either safety stock method. */
    public static DemandStats of(final double meanDailyDemand, final double dailyDemandStdDev, final double maxDailyDemand)
    {
        return new DemandStats(meanDailyDemand, dailyDemandStdDev, OptionalDouble.of(maxDailyDemand));
    }
}
