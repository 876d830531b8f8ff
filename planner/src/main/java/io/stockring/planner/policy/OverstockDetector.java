package io.stockring.planner.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds stock that is not earning its keep and proposes how to clear it.
 *
 * <pre>
 *   rule           flagged when                                   default
 *   NO_OUTBOUND    days without outbound >= overstockNoOutboundDays 180
 *   EXCESS_COVER   on hand / mean daily demand > cover months       6 months
 *
 *   severity   when                                          strategies
 *   MODERATE   cover only                                    POINTS_DISCOUNT, BUNDLE
 *   SEVERE     NO_OUTBOUND, or cover >= twice the limit      POINTS_DISCOUNT, BUNDLE, POINTS_PLUS_CASH
 *   DEAD       days without outbound >= deadStockNoOutboundDays (365)
 *                                                            POINTS_PLUS_CASH, STAFF_SALE, DONATE
 * </pre>
 *
 * BUNDLE is offered only when the caller names the category's most popular gift (and it is another
 * gift). The points + cash offer starts at half the points plus 30% of unit cost in cash, near what
 * cleared 80% of a headphone overstock in a month in the programme's experience; buyers adjust it.
 */
public final class OverstockDetector
{
    /** Points + cash asks this share of today's points price ... */
    static final double POINTS_PLUS_CASH_POINTS_SHARE = 0.5;
    /** ... plus this share of unit cost in cash. */
    static final double POINTS_PLUS_CASH_CASH_SHARE_OF_COST = 0.3;

    private final PolicyConfig config;

    public OverstockDetector()
    {
        this(PolicyConfig.defaults());
    }

    public OverstockDetector(final PolicyConfig config)
    {
        this.config = Checks.notNull(config, "config");
    }

    /**
     * Checks every candidate.
     *
     * @param items                    the candidates
     * @param popularSkuByCategory     the most popular gift of each category, for bundles; may lack categories
     * @return the findings, most money tied up first (then by sku and location)
     */
    public List<OverstockFinding> detect(
        final Collection<OverstockCandidate> items,
        final Map<String, String> popularSkuByCategory)
    {
        Checks.notNull(items, "items");
        Checks.notNull(popularSkuByCategory, "popularSkuByCategory");
        final List<OverstockFinding> findings = new ArrayList<>();
        for (final OverstockCandidate item : items)
        {
            Checks.notNull(item, "items element");
            check(item, popularSkuByCategory.get(item.category())).ifPresent(findings::add);
        }
        findings.sort(Comparator.comparingDouble(OverstockFinding::stockValue).reversed()
            .thenComparing(OverstockFinding::sku)
            .thenComparing(OverstockFinding::location));
        return List.copyOf(findings);
    }

    /**
     * @param item                   the candidate
     * @param popularSkuOfCategory   the most popular gift of its category, or null if unknown
     * @return a finding, or empty when the stock is healthy (or there is none)
     */
    public Optional<OverstockFinding> check(final OverstockCandidate item, final String popularSkuOfCategory)
    {
        Checks.notNull(item, "item");
        if (item.onHandUnits() == 0)
        {
            return Optional.empty();
        }
        final double d = item.meanDailyDemand();
        final double coverDays = d > 0.0 ? item.onHandUnits() / d : Double.POSITIVE_INFINITY;
        final double coverLimitDays = config.overstockCoverMonths() * PolicyConfig.DAYS_PER_MONTH;

        final Set<OverstockRule> rules = EnumSet.noneOf(OverstockRule.class);
        if (item.daysWithoutOutbound() >= config.overstockNoOutboundDays())
        {
            rules.add(OverstockRule.NO_OUTBOUND);
        }
        if (coverDays > coverLimitDays)
        {
            rules.add(OverstockRule.EXCESS_COVER);
        }
        if (rules.isEmpty())
        {
            return Optional.empty();
        }

        final OverstockSeverity severity;
        if (item.daysWithoutOutbound() >= config.deadStockNoOutboundDays())
        {
            severity = OverstockSeverity.DEAD;
        }
        else if (rules.contains(OverstockRule.NO_OUTBOUND) || coverDays >= 2.0 * coverLimitDays)
        {
            severity = OverstockSeverity.SEVERE;
        }
        else
        {
            severity = OverstockSeverity.MODERATE;
        }

        final long excessUnits = rules.contains(OverstockRule.NO_OUTBOUND) ? item.onHandUnits() :
            Math.max(0L, item.onHandUnits() - Units.ceilUnits(d * coverLimitDays));
        return Optional.of(new OverstockFinding(
            item.sku(),
            item.location(),
            item.category(),
            item.onHandUnits(),
            item.unitCost(),
            item.onHandUnits() * item.unitCost(),
            coverDays,
            item.daysWithoutOutbound(),
            excessUnits,
            excessUnits * item.unitCost(),
            Collections.unmodifiableSet(rules),
            severity,
            suggestions(item, severity, excessUnits, popularSkuOfCategory)));
    }

    private List<ClearanceSuggestion> suggestions(
        final OverstockCandidate item,
        final OverstockSeverity severity,
        final long excessUnits,
        final String popularSku)
    {
        final List<ClearanceSuggestion> out = new ArrayList<>(3);
        final long discountedPoints = Math.round(item.pointsPrice() * (1.0 - config.clearancePointsDiscountShare()));
        final boolean canBundle = popularSku != null && !popularSku.isBlank() && !popularSku.equals(item.sku());
        if (severity != OverstockSeverity.DEAD)
        {
            out.add(new ClearanceSuggestion(ClearanceStrategy.POINTS_DISCOUNT, "redeem for " + discountedPoints +
                " points instead of " + item.pointsPrice() + " (" +
                Math.round(config.clearancePointsDiscountShare() * 100.0) + "% fewer) for a limited time"));
            if (canBundle)
            {
                out.add(new ClearanceSuggestion(ClearanceStrategy.BUNDLE, "offer as an add-on for " +
                    discountedPoints + " points to members redeeming " + popularSku + ", the most popular " +
                    item.category() + " gift"));
            }
        }
        if (severity != OverstockSeverity.MODERATE)
        {
            out.add(new ClearanceSuggestion(ClearanceStrategy.POINTS_PLUS_CASH, "redeem for " +
                Math.round(item.pointsPrice() * POINTS_PLUS_CASH_POINTS_SHARE) + " points + " +
                money(item.unitCost() * POINTS_PLUS_CASH_CASH_SHARE_OF_COST) + " cash instead of " +
                item.pointsPrice() + " points"));
        }
        if (severity == OverstockSeverity.DEAD)
        {
            out.add(new ClearanceSuggestion(ClearanceStrategy.STAFF_SALE, "offer the " + excessUnits +
                " units to staff at cost (" + money(item.unitCost()) + ") or below"));
            out.add(new ClearanceSuggestion(ClearanceStrategy.DONATE, "donate what is left to charity or sell it " +
                "to a recycler; up to " + money(excessUnits * item.unitCost()) + " written off"));
        }
        return List.copyOf(out);
    }

    private static String money(final double amount)
    {
        return String.format(Locale.ROOT, "%.2f", amount);
    }
}
