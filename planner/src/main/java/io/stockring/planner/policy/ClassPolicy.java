package io.stockring.planner.policy;

/**
 * How one ABC class is managed: how often it is reviewed, how rarely it may run out, and how much
 * is bought at a time.
 *
 * @param abcClass          the class this applies to
 * @param reviewPeriodDays  days between reviews (A daily, B weekly, C monthly); 0 = continuous review
 * @param cycleServiceLevel probability of not running out in a replenishment cycle, within [0.5, 1)
 * @param orderingStrategy  how much to buy when a purchase is due
 */
public record ClassPolicy(
    AbcClass abcClass,
    int reviewPeriodDays,
    double cycleServiceLevel,
    OrderingStrategy orderingStrategy)
{
    public ClassPolicy
    {
        Checks.notNull(abcClass, "abcClass");
        Checks.nonNegative(reviewPeriodDays, "reviewPeriodDays");
        Checks.require(cycleServiceLevel >= 0.5 && cycleServiceLevel < 1.0,
            "cycleServiceLevel must be within [0.5, 1), was " + cycleServiceLevel);
        Checks.notNull(orderingStrategy, "orderingStrategy");
    }

    /** The defaults: A 1 day / 98% / small and frequent, B 7 days / 95% / EOQ, C 30 days / 90% / bulk. */
    public static ClassPolicy defaultFor(final AbcClass abcClass)
    {
        return switch (Checks.notNull(abcClass, "abcClass"))
        {
            case A -> new ClassPolicy(AbcClass.A, 1, 0.98, OrderingStrategy.SMALL_FREQUENT);
            case B -> new ClassPolicy(AbcClass.B, 7, 0.95, OrderingStrategy.EOQ);
            case C -> new ClassPolicy(AbcClass.C, 30, 0.90, OrderingStrategy.BULK);
        };
    }
}
