package io.stockring.planner.policy;

/**
 * Builds the {@link StockPolicy} of a (sku, location) from its economics, its demand and its ABC
 * class, following the class policies of a {@link PolicyConfig}.
 */
public final class PolicyCalculator
{
    private final PolicyConfig config;

    public PolicyCalculator()
    {
        this(PolicyConfig.defaults());
    }

    public PolicyCalculator(final PolicyConfig config)
    {
        this.config = Checks.notNull(config, "config");
    }

    public PolicyConfig config()
    {
        return config;
    }

    /**
     * @param location  the location code the policy is for
     * @param item      the gift's costs and supplier lead time
     * @param demand    the gift's demand at that location
     * @param abcClass  the gift's value class
     * @throws IllegalArgumentException on bad input, or when the simple safety stock method is
     *                                  configured and {@code demand} has no maximum
     */
    public StockPolicy calculate(
        final String location,
        final ItemEconomics item,
        final DemandStats demand,
        final AbcClass abcClass)
    {
        Checks.nonBlank(location, "location");
        Checks.notNull(item, "item");
        Checks.notNull(demand, "demand");
        final ClassPolicy classPolicy = config.classPolicy(abcClass);

        final double d = demand.meanDailyDemand();
        final double leadTimeDays = item.leadTimeDays();
        final int reviewPeriodDays = classPolicy.reviewPeriodDays();
        final double protectionDays = leadTimeDays + reviewPeriodDays;
        final double z = SafetyStock.safetyFactor(classPolicy.cycleServiceLevel());

        final double safetyStock = switch (config.safetyStockMethod())
        {
            case STATISTICAL -> SafetyStock.statistical(z, d, demand.dailyDemandStdDev(), leadTimeDays,
                item.leadTimeStdDevDays(), reviewPeriodDays);
            case SIMPLE_MAX_MINUS_MEAN -> SafetyStock.maxMinusMean(
                demand.maxDailyDemand().orElseThrow(() -> new IllegalArgumentException(
                    "maxDailyDemand is required by the SIMPLE_MAX_MINUS_MEAN safety stock method (sku " +
                    item.sku() + ")")),
                d, protectionDays);
        };

        final double reorderDays = config.reorderPointIncludesReviewPeriod() ? protectionDays : leadTimeDays;
        final long eoqUnits = item.holdingCostPerUnitYear() > 0.0 ?
            Eoq.wholeUnits(d * PolicyConfig.DAYS_PER_YEAR, item.orderingCostPerOrder(), item.holdingCostPerUnitYear()) :
            0L;

        return new StockPolicy(
            item.sku(),
            location,
            abcClass,
            d,
            demand.dailyDemandStdDev(),
            leadTimeDays,
            item.leadTimeStdDevDays(),
            reviewPeriodDays,
            classPolicy.cycleServiceLevel(),
            z,
            config.safetyStockMethod(),
            classPolicy.orderingStrategy(),
            Units.ceilUnits(safetyStock),
            Units.ceilUnits(d * reorderDays + safetyStock),
            eoqUnits,
            Units.ceilUnits(d * protectionDays + safetyStock));
    }
}
