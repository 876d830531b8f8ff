package io.stockring.planner.policy;

/**
 * Economic order quantity, sqrt(2 D S / H): the lot size at which yearly ordering cost equals
 * yearly holding cost, so their sum is lowest. The cost curve is flat near the optimum, so
 * rounding to whole units or to a supplier's pack size costs little.
 */
public final class Eoq
{
    private Eoq()
    {
    }

    /**
     * @param annualDemandUnits           D, units per year
     * @param orderingCostPerOrder        S, cost of placing and receiving one order
     * @param holdingCostPerUnitYear      H, cost of keeping one unit for a year, > 0
     * @return the EOQ in (fractional) units; 0 when there is no demand or ordering is free
     */
    public static double quantity(
        final double annualDemandUnits,
        final double orderingCostPerOrder,
        final double holdingCostPerUnitYear)
    {
        Checks.nonNegative(annualDemandUnits, "annualDemandUnits");
        Checks.nonNegative(orderingCostPerOrder, "orderingCostPerOrder");
        Checks.positive(holdingCostPerUnitYear, "holdingCostPerUnitYear");
        return Math.sqrt(2.0 * annualDemandUnits * orderingCostPerOrder / holdingCostPerUnitYear);
    }

    /** H = unit cost x holding cost rate per year (capital, space, insurance, shrinkage). */
    public static double holdingCostPerUnitYear(final double unitCost, final double holdingCostRatePerYear)
    {
        Checks.nonNegative(unitCost, "unitCost");
        Checks.nonNegative(holdingCostRatePerYear, "holdingCostRatePerYear");
        return unitCost * holdingCostRatePerYear;
    }

    /** EOQ rounded to the nearest whole unit, at least 1 whenever there is demand. */
    public static long wholeUnits(
        final double annualDemandUnits,
        final double orderingCostPerOrder,
        final double holdingCostPerUnitYear)
    {
        final double eoq = quantity(annualDemandUnits, orderingCostPerOrder, holdingCostPerUnitYear);
        if (annualDemandUnits == 0.0)
        {
            return 0L;
        }
        return Math.max(1L, Math.round(eoq));
    }
}
