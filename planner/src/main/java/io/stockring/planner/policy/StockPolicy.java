package io.stockring.planner.policy;

/**
 * The stock policy of one (sku, location), built by {@link PolicyCalculator}. The core takes
 * {@link #safetyStockUnits()} and {@link #reorderPointUnits()} (via SetPolicy) and derives its
 * alert levels from them: yellow below 1.2 x SS, orange below SS, red below 0.5 x SS.
 *
 * <pre>
 *   protection interval P = L + R          (R = 0: continuous review)
 *   safetyStockUnits      = ceil(SS)
 *   reorderPointUnits     = ceil(d x (L + R) + SS)   (d x L + SS if the config leaves R out)
 *   orderUpToUnits        = ceil(d x (L + R) + SS)
 *   eoqUnits              = round(sqrt(2 x 365 d x S / H))
 * </pre>
 *
 * @param sku                 the gift
 * @param location            the location code
 * @param abcClass            its value class
 * @param meanDailyDemand     d, units per day
 * @param dailyDemandStdDev   sigma_d, units per day
 * @param leadTimeDays        L
 * @param leadTimeStdDevDays  sigma_L
 * @param reviewPeriodDays    R, from the class policy
 * @param cycleServiceLevel   target probability of not running out in a cycle
 * @param safetyFactorZ       z for that service level (used by the statistical method)
 * @param safetyStockMethod   how SS was computed
 * @param orderingStrategy    how much a purchase buys
 * @param safetyStockUnits    SS, whole units rounded up
 * @param reorderPointUnits   ROP, whole units rounded up: at or below it a purchase is due
 * @param eoqUnits            economic order quantity, whole units; 0 without demand or without a holding
 *                            cost (EOQ is then undefined and an EOQ purchase buys just enough to pass the ROP)
 * @param orderUpToUnits      the level a SMALL_FREQUENT purchase fills the position up to
 */
public record StockPolicy(
    String sku,
    String location,
    AbcClass abcClass,
    double meanDailyDemand,
    double dailyDemandStdDev,
    double leadTimeDays,
    double leadTimeStdDevDays,
    int reviewPeriodDays,
    double cycleServiceLevel,
    double safetyFactorZ,
    SafetyStockMethod safetyStockMethod,
    OrderingStrategy orderingStrategy,
    long safetyStockUnits,
    long reorderPointUnits,
    long eoqUnits,
    long orderUpToUnits)
{
    public StockPolicy
    {
        Checks.nonBlank(sku, "sku");
        Checks.nonBlank(location, "location");
        Checks.notNull(abcClass, "abcClass");
        Checks.nonNegative(meanDailyDemand, "meanDailyDemand");
        Checks.nonNegative(dailyDemandStdDev, "dailyDemandStdDev");
        SafetyStock.checkLeadTime(leadTimeDays, leadTimeStdDevDays);
        Checks.nonNegative(reviewPeriodDays, "reviewPeriodDays");
        Checks.nonNegative(safetyFactorZ, "safetyFactorZ");
        Checks.notNull(safetyStockMethod, "safetyStockMethod");
        Checks.notNull(orderingStrategy, "orderingStrategy");
        Checks.nonNegative(safetyStockUnits, "safetyStockUnits");
        Checks.nonNegative(reorderPointUnits, "reorderPointUnits");
        Checks.nonNegative(eoqUnits, "eoqUnits");
        Checks.nonNegative(orderUpToUnits, "orderUpToUnits");
        Checks.require(reorderPointUnits >= safetyStockUnits, "reorderPointUnits (" + reorderPointUnits +
            ") must not be below safetyStockUnits (" + safetyStockUnits + ")");
        Checks.require(orderUpToUnits >= reorderPointUnits, "orderUpToUnits (" + orderUpToUnits +
            ") must not be below reorderPointUnits (" + reorderPointUnits + ")");
    }

    /** L + R: the days a purchase decision has to last. */
    public double protectionIntervalDays()
    {
        return leadTimeDays + reviewPeriodDays;
    }
}
