package io.stockring.planner.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks items by redemption value and cuts the ranking by cumulative value share (Pareto): the few
 * items carrying most of the value get daily attention, the long tail monthly.
 *
 * <p>An item's class is decided by the value ranked <em>before</em> it: it is A while that is below
 * the A share, B while below the B share, else C. So the item that crosses a line still belongs to
 * the upper class, and a single dominant item is A even if it alone exceeds 70%. Items worth nothing
 * are always C. Equal values are ranked by key, so the outcome never depends on input order.
 */
public final class AbcClassifier
{
    /** Relative tolerance so that exact shares such as 700 / 1000 are not pushed over a line by rounding. */
    private static final double SHARE_TOLERANCE = 1e-12;

    private final double aCumulativeShare;
    private final double bCumulativeShare;

    /** Cuts at A up to 70% and B up to 90% of the value. */
    public AbcClassifier()
    {
        this(PolicyConfig.defaults());
    }

    public AbcClassifier(final PolicyConfig config)
    {
        this(config.abcACumulativeShare(), config.abcBCumulativeShare());
    }

    /**
     * @param aCumulativeShare cumulative value share that closes class A, e.g. 0.70
     * @param bCumulativeShare cumulative value share that closes class B, e.g. 0.90
     */
    public AbcClassifier(final double aCumulativeShare, final double bCumulativeShare)
    {
        Checks.require(aCumulativeShare > 0.0 && aCumulativeShare <= bCumulativeShare && bCumulativeShare <= 1.0,
            "aCumulativeShare and bCumulativeShare must satisfy 0 < a <= b <= 1, were " +
            aCumulativeShare + " and " + bCumulativeShare);
        this.aCumulativeShare = aCumulativeShare;
        this.bCumulativeShare = bCumulativeShare;
    }

    /**
     * Classifies the items; keys must be unique.
     *
     * @param items the value of every item over the same window
     */
    public AbcClassification classify(final Collection<RedemptionValue> items)
    {
        Checks.notNull(items, "items");
        final List<RedemptionValue> ranked = new ArrayList<>(items.size());
        final Set<String> keys = new HashSet<>();
        double total = 0.0;
        for (final RedemptionValue item : items)
        {
            Checks.notNull(item, "items element");
            Checks.require(keys.add(item.key()), "items holds key '" + item.key() + "' twice");
            ranked.add(item);
        }
        ranked.sort(Comparator.comparingDouble(RedemptionValue::value).reversed()
            .thenComparing(RedemptionValue::key));
        for (final RedemptionValue item : ranked)
        {
            total += item.value();
        }

        final Map<String, AbcClass> classByKey = new LinkedHashMap<>();
        final Map<String, Double> shareByKey = new LinkedHashMap<>();
        final Map<String, Double> cumulativeByKey = new LinkedHashMap<>();
        final Map<AbcClass, Double> shareByClass = new EnumMap<>(AbcClass.class);
        final Map<AbcClass, Integer> countByClass = new EnumMap<>(AbcClass.class);
        for (final AbcClass c : AbcClass.values())
        {
            shareByClass.put(c, 0.0);
            countByClass.put(c, 0);
        }

        final double tolerance = total * SHARE_TOLERANCE;
        double before = 0.0;
        for (final RedemptionValue item : ranked)
        {
            final AbcClass c;
            if (item.value() == 0.0)
            {
                c = AbcClass.C;
            }
            else if (before + tolerance < aCumulativeShare * total)
            {
                c = AbcClass.A;
            }
            else if (before + tolerance < bCumulativeShare * total)
            {
                c = AbcClass.B;
            }
            else
            {
                c = AbcClass.C;
            }
            before += item.value();
            final double share = total > 0.0 ? item.value() / total : 0.0;
            classByKey.put(item.key(), c);
            shareByKey.put(item.key(), share);
            cumulativeByKey.put(item.key(), total > 0.0 ? before / total : 0.0);
            shareByClass.merge(c, share, Double::sum);
            countByClass.merge(c, 1, Integer::sum);
        }
        return new AbcClassification(
            Collections.unmodifiableMap(classByKey),
            Collections.unmodifiableMap(shareByKey),
            Collections.unmodifiableMap(cumulativeByKey),
            Collections.unmodifiableMap(shareByClass),
            Collections.unmodifiableMap(countByClass),
            total);
    }
}
