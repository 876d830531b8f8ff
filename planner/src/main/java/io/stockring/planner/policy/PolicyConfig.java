package io.stockring.planner.policy;

import java.util.EnumMap;
import java.util.Map;

/**
 * Every knob of the stock policies in one immutable place, validated as a whole when built.
 * Defaults follow the programme's playbook:
 *
 * <pre>
 *   class  review  service  ordering                 ABC cut (cumulative value share)
 *   A      1 day   98%      small, frequent          A up to 70%, B up to 90%, rest C
 *   B      7 days  95%      EOQ
 *   C      30 days 90%      bulk, 3 months of demand
 *
 *   safety stock            statistical; reorder point includes the review period
 *   central reserve         30% of an allocation stays at the central warehouse
 *   overstock               no outbound for 180+ days, or more than 6 months of cover;
 *                           365+ days without outbound is dead stock (staff sale, donation)
 *   clearance discount      20% fewer points
 *   transfer donor margin   a donor keeps 20% of its safety stock above its reorder point
 *   KPI alarms              turnover below 1 or above 12 a year, stockout rate above 5%,
 *                           overstock rate above 20%
 * </pre>
 */
public final class PolicyConfig
{
    /** Days in a year, for annualising demand and turnover. */
    public static final double DAYS_PER_YEAR = 365.0;
    /** Days in an average month, for "cover N months". */
    public static final double DAYS_PER_MONTH = DAYS_PER_YEAR / 12.0;

    private static final PolicyConfig DEFAULTS = builder().build();

    private final Map<AbcClass, ClassPolicy> classPolicies;
    private final double abcACumulativeShare;
    private final double abcBCumulativeShare;
    private final SafetyStockMethod safetyStockMethod;
    private final boolean reorderPointIncludesReviewPeriod;
    private final double bulkCoverMonths;
    private final double centralReserveShare;
    private final double donorMarginShareOfSafetyStock;
    private final double overstockCoverMonths;
    private final int overstockNoOutboundDays;
    private final int deadStockNoOutboundDays;
    private final double clearancePointsDiscountShare;
    private final double minAnnualTurnover;
    private final double maxAnnualTurnover;
    private final double maxStockoutRate;
    private final double maxOverstockRate;

    private PolicyConfig(final Builder b)
    {
        for (final AbcClass c : AbcClass.values())
        {
            final ClassPolicy p = b.classPolicies.get(c);
            Checks.require(p != null, "classPolicies must hold a policy for class " + c);
            Checks.require(p.abcClass() == c, "classPolicies entry for " + c + " is for class " + p.abcClass());
        }
        Checks.require(b.abcACumulativeShare > 0.0 && b.abcACumulativeShare <= b.abcBCumulativeShare &&
            b.abcBCumulativeShare <= 1.0, "abcACumulativeShare and abcBCumulativeShare must satisfy " +
            "0 < A <= B <= 1, were " + b.abcACumulativeShare + " and " + b.abcBCumulativeShare);
        Checks.notNull(b.safetyStockMethod, "safetyStockMethod");
        Checks.positive(b.bulkCoverMonths, "bulkCoverMonths");
        Checks.share(b.centralReserveShare, "centralReserveShare");
        Checks.nonNegative(b.donorMarginShareOfSafetyStock, "donorMarginShareOfSafetyStock");
        Checks.positive(b.overstockCoverMonths, "overstockCoverMonths");
        Checks.positive(b.overstockNoOutboundDays, "overstockNoOutboundDays");
        Checks.require(b.deadStockNoOutboundDays >= b.overstockNoOutboundDays, "deadStockNoOutboundDays (" +
            b.deadStockNoOutboundDays + ") must not be below overstockNoOutboundDays (" + b.overstockNoOutboundDays + ")");
        Checks.require(b.clearancePointsDiscountShare > 0.0 && b.clearancePointsDiscountShare < 1.0,
            "clearancePointsDiscountShare must be within (0, 1), was " + b.clearancePointsDiscountShare);
        Checks.nonNegative(b.minAnnualTurnover, "minAnnualTurnover");
        Checks.require(b.maxAnnualTurnover > b.minAnnualTurnover, "maxAnnualTurnover (" + b.maxAnnualTurnover +
            ") must be above minAnnualTurnover (" + b.minAnnualTurnover + ")");
        Checks.share(b.maxStockoutRate, "maxStockoutRate");
        Checks.share(b.maxOverstockRate, "maxOverstockRate");

        this.classPolicies = Map.copyOf(new EnumMap<>(b.classPolicies));
        this.abcACumulativeShare = b.abcACumulativeShare;
        this.abcBCumulativeShare = b.abcBCumulativeShare;
        this.safetyStockMethod = b.safetyStockMethod;
        this.reorderPointIncludesReviewPeriod = b.reorderPointIncludesReviewPeriod;
        this.bulkCoverMonths = b.bulkCoverMonths;
        this.centralReserveShare = b.centralReserveShare;
        this.donorMarginShareOfSafetyStock = b.donorMarginShareOfSafetyStock;
        this.overstockCoverMonths = b.overstockCoverMonths;
        this.overstockNoOutboundDays = b.overstockNoOutboundDays;
        this.deadStockNoOutboundDays = b.deadStockNoOutboundDays;
        this.clearancePointsDiscountShare = b.clearancePointsDiscountShare;
        this.minAnnualTurnover = b.minAnnualTurnover;
        this.maxAnnualTurnover = b.maxAnnualTurnover;
        this.maxStockoutRate = b.maxStockoutRate;
        this.maxOverstockRate = b.maxOverstockRate;
    }

    /** The playbook defaults (see the class comment). */
    public static PolicyConfig defaults()
    {
        return DEFAULTS;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /** A builder that starts from this configuration, to change a few knobs. */
    public Builder toBuilder()
    {
        final Builder b = new Builder();
        b.classPolicies.putAll(classPolicies);
        b.abcACumulativeShare = abcACumulativeShare;
        b.abcBCumulativeShare = abcBCumulativeShare;
        b.safetyStockMethod = safetyStockMethod;
        b.reorderPointIncludesReviewPeriod = reorderPointIncludesReviewPeriod;
        b.bulkCoverMonths = bulkCoverMonths;
        b.centralReserveShare = centralReserveShare;
        b.donorMarginShareOfSafetyStock = donorMarginShareOfSafetyStock;
        b.overstockCoverMonths = overstockCoverMonths;
        b.overstockNoOutboundDays = overstockNoOutboundDays;
        b.deadStockNoOutboundDays = deadStockNoOutboundDays;
        b.clearancePointsDiscountShare = clearancePointsDiscountShare;
        b.minAnnualTurnover = minAnnualTurnover;
        b.maxAnnualTurnover = maxAnnualTurnover;
        b.maxStockoutRate = maxStockoutRate;
        b.maxOverstockRate = maxOverstockRate;
        return b;
    }

    public ClassPolicy classPolicy(final AbcClass abcClass)
    {
        return classPolicies.get(Checks.notNull(abcClass, "abcClass"));
    }

    /** Items are A while the value ranked before them is below this share of the total. */
    public double abcACumulativeShare()
    {
        return abcACumulativeShare;
    }

    /** Items are B while the value ranked before them is below this share of the total. */
    public double abcBCumulativeShare()
    {
        return abcBCumulativeShare;
    }

    public SafetyStockMethod safetyStockMethod()
    {
        return safetyStockMethod;
    }

    /**
     * True (default): reorder point = d x (L + R) + SS, because stock is only looked at every R days,
     * so a purchase due just after a review waits up to R days. False: d x L + SS, for callers that
     * trigger purchases from the core's real-time low-stock events instead of reviews.
     */
    public boolean reorderPointIncludesReviewPeriod()
    {
        return reorderPointIncludesReviewPeriod;
    }

    /** Months of demand a BULK purchase covers beyond the reorder point. */
    public double bulkCoverMonths()
    {
        return bulkCoverMonths;
    }

    /** Share of an allocation kept at the central warehouse as the transfer reserve. */
    public double centralReserveShare()
    {
        return centralReserveShare;
    }

    /** A transfer donor keeps at least ROP + this share of its safety stock. */
    public double donorMarginShareOfSafetyStock()
    {
        return donorMarginShareOfSafetyStock;
    }

    /** Stock covering more than this many months of mean demand is overstock. */
    public double overstockCoverMonths()
    {
        return overstockCoverMonths;
    }

    /** Stock with no outbound for at least this many days is overstock. */
    public int overstockNoOutboundDays()
    {
        return overstockNoOutboundDays;
    }

    /** Stock with no outbound for at least this many days is dead: only staff sale or donation are left. */
    public int deadStockNoOutboundDays()
    {
        return deadStockNoOutboundDays;
    }

    /** The points discount a clearance offers first, e.g. 0.20 = redeem for 20% fewer points. */
    public double clearancePointsDiscountShare()
    {
        return clearancePointsDiscountShare;
    }

    /** Fewer turns a year than this is an overstock risk. */
    public double minAnnualTurnover()
    {
        return minAnnualTurnover;
    }

    /** More turns a year than this is a stockout risk. */
    public double maxAnnualTurnover()
    {
        return maxAnnualTurnover;
    }

    /** A stockout rate above this needs action. */
    public double maxStockoutRate()
    {
        return maxStockoutRate;
    }

    /** An overstock rate above this starts a clearance plan. */
    public double maxOverstockRate()
    {
        return maxOverstockRate;
    }

    @Override
    public String toString()
    {
        return "PolicyConfig{classPolicies=" + new EnumMap<>(classPolicies).values() +
            ", abcACumulativeShare=" + abcACumulativeShare +
            ", abcBCumulativeShare=" + abcBCumulativeShare +
            ", safetyStockMethod=" + safetyStockMethod +
            ", reorderPointIncludesReviewPeriod=" + reorderPointIncludesReviewPeriod +
            ", bulkCoverMonths=" + bulkCoverMonths +
            ", centralReserveShare=" + centralReserveShare +
            ", donorMarginShareOfSafetyStock=" + donorMarginShareOfSafetyStock +
            ", overstockCoverMonths=" + overstockCoverMonths +
            ", overstockNoOutboundDays=" + overstockNoOutboundDays +
            ", deadStockNoOutboundDays=" + deadStockNoOutboundDays +
            ", clearancePointsDiscountShare=" + clearancePointsDiscountShare +
            ", minAnnualTurnover=" + minAnnualTurnover +
            ", maxAnnualTurnover=" + maxAnnualTurnover +
            ", maxStockoutRate=" + maxStockoutRate +
            ", maxOverstockRate=" + maxOverstockRate + '}';
    }

    /** Fluent, starts at the defaults; {@link #build()} validates. */
    public static final class Builder
    {
        private final Map<AbcClass, ClassPolicy> classPolicies = new EnumMap<>(AbcClass.class);
        private double abcACumulativeShare = 0.70;
        private double abcBCumulativeShare = 0.90;
        private SafetyStockMethod safetyStockMethod = SafetyStockMethod.STATISTICAL;
        private boolean reorderPointIncludesReviewPeriod = true;
        private double bulkCoverMonths = 3.0;
        private double centralReserveShare = 0.30;
        private double donorMarginShareOfSafetyStock = 0.20;
        private double overstockCoverMonths = 6.0;
        private int overstockNoOutboundDays = 180;
        private int deadStockNoOutboundDays = 365;
        private double clearancePointsDiscountShare = 0.20;
        private double minAnnualTurnover = 1.0;
        private double maxAnnualTurnover = 12.0;
        private double maxStockoutRate = 0.05;
        private double maxOverstockRate = 0.20;

        private Builder()
        {
            for (final AbcClass c : AbcClass.values())
            {
                classPolicies.put(c, ClassPolicy.defaultFor(c));
            }
        }

        /** Replaces the policy of {@code policy.abcClass()}. */
        public Builder classPolicy(final ClassPolicy policy)
        {
            Checks.notNull(policy, "policy");
            classPolicies.put(policy.abcClass(), policy);
            return this;
        }

        public Builder abcCumulativeShares(final double aShare, final double bShare)
        {
            this.abcACumulativeShare = aShare;
            this.abcBCumulativeShare = bShare;
            return this;
        }

        public Builder safetyStockMethod(final SafetyStockMethod method)
        {
            this.safetyStockMethod = method;
            return this;
        }

        public Builder reorderPointIncludesReviewPeriod(final boolean includes)
        {
            this.reorderPointIncludesReviewPeriod = includes;
            return this;
        }

        public Builder bulkCoverMonths(final double months)
        {
            this.bulkCoverMonths = months;
            return this;
        }

        public Builder centralReserveShare(final double share)
        {
            this.centralReserveShare = share;
            return this;
        }

        public Builder donorMarginShareOfSafetyStock(final double share)
        {
            this.donorMarginShareOfSafetyStock = share;
            return this;
        }

        public Builder overstockCoverMonths(final double months)
        {
            this.overstockCoverMonths = months;
            return this;
        }

        public Builder overstockNoOutboundDays(final int days)
        {
            this.overstockNoOutboundDays = days;
            return this;
        }

        public Builder deadStockNoOutboundDays(final int days)
        {
            this.deadStockNoOutboundDays = days;
            return this;
        }

        public Builder clearancePointsDiscountShare(final double share)
        {
            this.clearancePointsDiscountShare = share;
            return this;
        }

        public Builder annualTurnoverBand(final double min, final double max)
        {
            this.minAnnualTurnover = min;
            this.maxAnnualTurnover = max;
            return this;
        }

        public Builder maxStockoutRate(final double rate)
        {
            this.maxStockoutRate = rate;
            return this;
        }

        public Builder maxOverstockRate(final double rate)
        {
            this.maxOverstockRate = rate;
            return this;
        }

        public PolicyConfig build()
        {
            return new PolicyConfig(this);
        }
    }
}
