package io.stockring.planner.policy;

/**
 * Safety stock: the buffer that absorbs demand and lead-time variation between the moment a
 * purchase is due and the moment it arrives. Results are fractional units; {@link PolicyCalculator}
 * rounds them up.
 *
 * <p>A lead time of 0 days is legal: it means stock can be had the same day. The statistical buffer
 * is then 0 unless there is a review period (stock is only looked at every R days, so R days of
 * variation still need covering); a lead time of 0 with a non-zero spread is a contradiction and is
 * rejected.
 */
public final class SafetyStock
{
    private SafetyStock()
    {
    }

    /**
     * z x sqrt(P x sigma_d^2 + d^2 x sigma_L^2) with P = lead time + review period, the
     * protection interval of a periodic review (P = lead time for continuous review, R = 0).
     * The review period is fixed, so only the lead time contributes its own variance.
     *
     * @param z                  safety factor, e.g. {@link Normal#inverseCdf(double)} of the cycle service level
     * @param meanDailyDemand    d, units per day
     * @param dailyDemandStdDev  sigma_d, units per day
     * @param leadTimeDays       L
     * @param leadTimeStdDevDays sigma_L
     * @param reviewPeriodDays   R, 0 for continuous review
     * @return the safety stock in (fractional) units
     */
    public static double statistical(
        final double z,
        final double meanDailyDemand,
        final double dailyDemandStdDev,
        final double leadTimeDays,
        final double leadTimeStdDevDays,
        final double reviewPeriodDays)
    {
        Checks.nonNegative(z, "z");
        Checks.nonNegative(meanDailyDemand, "meanDailyDemand");
        Checks.nonNegative(dailyDemandStdDev, "dailyDemandStdDev");
        checkLeadTime(leadTimeDays, leadTimeStdDevDays);
        Checks.nonNegative(reviewPeriodDays, "reviewPeriodDays");
        final double protectionDays = leadTimeDays + reviewPeriodDays;
        final double variance = protectionDays * dailyDemandStdDev * dailyDemandStdDev +
            meanDailyDemand * meanDailyDemand * leadTimeStdDevDays * leadTimeStdDevDays;
        return z * Math.sqrt(variance);
    }

    /**
     * As {@link #statistical(double, double, double, double, double, double)} with z taken from a
     * cycle service level (the probability of not running out during one replenishment cycle).
     *
     * @param cycleServiceLevel within [0.5, 1)
     */
    public static double forServiceLevel(
        final double cycleServiceLevel,
        final double meanDailyDemand,
        final double dailyDemandStdDev,
        final double leadTimeDays,
        final double leadTimeStdDevDays,
        final double reviewPeriodDays)
    {
        return statistical(safetyFactor(cycleServiceLevel), meanDailyDemand, dailyDemandStdDev,
            leadTimeDays, leadTimeStdDevDays, reviewPeriodDays);
    }

    /**
     * The safety factor z for a cycle service level. Levels below 0.5 would give a negative buffer,
     * which no one means, so they are rejected.
     */
    public static double safetyFactor(final double cycleServiceLevel)
    {
        if (!(cycleServiceLevel >= 0.5 && cycleServiceLevel < 1.0))
        {
            throw new IllegalArgumentException("cycleServiceLevel must be within [0.5, 1), was " + cycleServiceLevel);
        }
        return cycleServiceLevel == 0.5 ? 0.0 : Normal.inverseCdf(cycleServiceLevel);
    }

    /**
     * The rule of thumb: (expected maximum demand - mean demand) x supply cycle, all in the same
     * period (days, or months as in the worked example: (1500 - 1000) x 0.23 month = 115 units).
     *
     * @param maxDemandPerPeriod  expected maximum demand per period, not below the mean
     * @param meanDemandPerPeriod mean demand per period
     * @param supplyPeriods       lead time (plus review period, if any) in the same periods
     */
    public static double maxMinusMean(
        final double maxDemandPerPeriod,
        final double meanDemandPerPeriod,
        final double supplyPeriods)
    {
        Checks.nonNegative(maxDemandPerPeriod, "maxDemandPerPeriod");
        Checks.nonNegative(meanDemandPerPeriod, "meanDemandPerPeriod");
        Checks.nonNegative(supplyPeriods, "supplyPeriods");
        Checks.require(maxDemandPerPeriod >= meanDemandPerPeriod, "maxDemandPerPeriod (" + maxDemandPerPeriod +
            ") must not be below meanDemandPerPeriod (" + meanDemandPerPeriod + ")");
        return (maxDemandPerPeriod - meanDemandPerPeriod) * supplyPeriods;
    }

    /**
     * The stock to hold when a purchase is placed: mean demand over the supply cycle plus the
     * buffer (1000 x 0.23 + 115 = 345 units in the worked example). This is the reorder point.
     */
    public static double stockLevel(
        final double meanDemandPerPeriod,
        final double supplyPeriods,
        final double safetyStockUnits)
    {
        Checks.nonNegative(meanDemandPerPeriod, "meanDemandPerPeriod");
        Checks.nonNegative(supplyPeriods, "supplyPeriods");
        Checks.nonNegative(safetyStockUnits, "safetyStockUnits");
        return meanDemandPerPeriod * supplyPeriods + safetyStockUnits;
    }

    static void checkLeadTime(final double leadTimeDays, final double leadTimeStdDevDays)
    {
        Checks.nonNegative(leadTimeDays, "leadTimeDays");
        Checks.nonNegative(leadTimeStdDevDays, "leadTimeStdDevDays");
        Checks.require(leadTimeDays > 0.0 || leadTimeStdDevDays == 0.0,
            "leadTimeStdDevDays must be 0 when leadTimeDays is 0, was " + leadTimeStdDevDays);
    }
}
