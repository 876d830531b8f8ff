package io.stockring.planner.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Suggests transfers that fix local shortages from local excess, so a gift is not out of stock in one
 * store while it piles up in another.
 *
 * <pre>
 *              CW (central: may give down to its safety stock, the programme reserve)
 *            /    \
 *        RW-E      RW-N      regional: give only what is above max(order-up-to, ROP + margin)
 *       /  |  \      |
 *    S1   S2   S3    S4      a store below its safety stock receives: from RW-E first,
 *                            then from S2 / S3, then from CW; never from S4 (another region)
 * </pre>
 *
 * A location is short when its projected stock (available - projected demand) is below its safety
 * stock; it is filled up to its order-up-to level as far as donors allow. Receivers are served worst
 * first (largest gap below safety stock, then by code), siblings by most spare then code, so the same
 * input always gives the same transfers. Donors never go below their reorder point, and keep a margin
 * of {@link PolicyConfig#donorMarginShareOfSafetyStock()} on top so a transfer does not trigger a
 * purchase there the next day. The central warehouse never receives here: its shortage is a purchase.
 */
public final class Rebalancer
{
    private final double donorMarginShareOfSafetyStock;

    public Rebalancer()
    {
        this(PolicyConfig.defaults());
    }

    public Rebalancer(final PolicyConfig config)
    {
        this.donorMarginShareOfSafetyStock = Checks.notNull(config, "config").donorMarginShareOfSafetyStock();
    }

    /**
     * @param sku       the gift
     * @param locations every location holding or selling it; codes unique, at most one central warehouse
     * @return the transfers, in the order they were decided; empty when no one is short or no one can give
     */
    public List<TransferSuggestion> suggest(final String sku, final List<LocationStock> locations)
    {
        Checks.nonBlank(sku, "sku");
        Checks.notNull(locations, "locations");
        final Map<String, LocationStock> byCode = new TreeMap<>();
        LocationStock central = null;
        for (final LocationStock l : locations)
        {
            Checks.notNull(l, "locations element");
            Checks.require(byCode.put(l.code(), l) == null, "locations holds " + l.code() + " twice");
            if (l.kind() == LocationKind.CENTRAL)
            {
                Checks.require(central == null, "locations holds two central warehouses: " +
                    (central == null ? "" : central.code()) + " and " + l.code());
                central = l;
            }
        }

        final Map<String, Long> spare = new HashMap<>();
        final List<LocationStock> receivers = new ArrayList<>();
        for (final LocationStock l : byCode.values())
        {
            spare.put(l.code(), Math.max(0L, l.projectedStockUnits() - keepUnits(l)));
            if (l.kind() != LocationKind.CENTRAL && l.projectedStockUnits() < l.safetyStockUnits())
            {
                receivers.add(l);
            }
        }
        receivers.sort(Comparator.comparingLong((LocationStock l) -> l.projectedStockUnits() - l.safetyStockUnits())
            .thenComparing(LocationStock::code));

        final List<TransferSuggestion> transfers = new ArrayList<>();
        for (final LocationStock receiver : receivers)
        {
            long needUnits = Math.max(receiver.orderUpToUnits(), receiver.safetyStockUnits()) -
                receiver.projectedStockUnits();
            for (final Donor donor : donorsFor(receiver, byCode, central, spare))
            {
                if (needUnits == 0)
                {
                    break;
                }
                final long available = spare.get(donor.location().code());
                final long give = Math.min(needUnits, available);
                if (give > 0)
                {
                    spare.put(donor.location().code(), available - give);
                    needUnits -= give;
                    transfers.add(new TransferSuggestion(sku, donor.location().code(), receiver.code(), give,
                        receiver.code() + " projected " + receiver.projectedStockUnits() + " < safety stock " +
                        receiver.safetyStockUnits() + ", filling towards " +
                        Math.max(receiver.orderUpToUnits(), receiver.safetyStockUnits()) + "; " + donor.role() +
                        " " + donor.location().code() + " had " + available + " to spare",
                        receiver.projectedStockUnits(), receiver.safetyStockUnits()));
                }
            }
        }
        return List.copyOf(transfers);
    }

    /**
     * The real-time rule for A gifts: when a store's available stock falls below its threshold (e.g.
     * fewer than 10 units), bring it back to its order-up-to level from its parent at once instead of
     * waiting for the next rebalance, as far as the parent can spare without going below its reorder
     * point (its safety stock, if the parent is the central warehouse).
     *
     * @param sku            the gift
     * @param abcClass       its class; only A qualifies
     * @param store          the location that hit its threshold
     * @param parent         its parent ({@code store.parentCode()})
     * @param thresholdUnits the trigger: the store's available stock is below it
     * @return the transfer, or empty when the class is not A, the store is not below the threshold, or
     *         the parent has nothing to spare
     */
    public static Optional<TransferSuggestion> emergencyTransferFromParent(
        final String sku,
        final AbcClass abcClass,
        final LocationStock store,
        final LocationStock parent,
        final long thresholdUnits)
    {
        Checks.nonBlank(sku, "sku");
        Checks.notNull(abcClass, "abcClass");
        Checks.notNull(store, "store");
        Checks.notNull(parent, "parent");
        Checks.nonNegative(thresholdUnits, "thresholdUnits");
        Checks.require(parent.code().equals(store.parentCode()),
            "parent " + parent.code() + " is not the parent of " + store.code() + " (" + store.parentCode() + ")");
        if (abcClass != AbcClass.A || store.availableUnits() >= thresholdUnits)
        {
            return Optional.empty();
        }
        final long needUnits = store.orderUpToUnits() - store.availableUnits();
        final long floorUnits = parent.kind() == LocationKind.CENTRAL ? parent.safetyStockUnits() :
            parent.reorderPointUnits();
        final long spareUnits = parent.projectedStockUnits() - floorUnits;
        final long give = Math.min(needUnits, spareUnits);
        if (give <= 0)
        {
            return Optional.empty();
        }
        return Optional.of(new TransferSuggestion(sku, parent.code(), store.code(), give,
            "A gift at " + store.code() + " has " + store.availableUnits() + " available < threshold " +
            thresholdUnits + ": back towards order-up-to " + store.orderUpToUnits() + " from parent " +
            parent.code() + " (" + spareUnits + " to spare above " + floorUnits + ")",
            store.projectedStockUnits(), store.safetyStockUnits()));
    }

    /** What a donor keeps: central down to its safety stock, others max(order-up-to, ROP + margin). */
    private long keepUnits(final LocationStock l)
    {
        if (l.kind() == LocationKind.CENTRAL)
        {
            return l.safetyStockUnits();
        }
        final long marginUnits = Units.ceilUnits(donorMarginShareOfSafetyStock * l.safetyStockUnits());
        return Math.max(l.orderUpToUnits(), l.reorderPointUnits() + marginUnits);
    }

    private static List<Donor> donorsFor(
        final LocationStock receiver,
        final Map<String, LocationStock> byCode,
        final LocationStock central,
        final Map<String, Long> spare)
    {
        final List<Donor> donors = new ArrayList<>();
        final LocationStock parent = receiver.parentCode() == null ? null : byCode.get(receiver.parentCode());
        if (parent != null)
        {
            donors.add(new Donor(parent, "parent"));
        }
        if (receiver.parentCode() != null)
        {
            final List<LocationStock> siblings = new ArrayList<>();
            for (final LocationStock l : byCode.values())
            {
                if (l != receiver && l != central && receiver.parentCode().equals(l.parentCode()))
                {
                    siblings.add(l);
                }
            }
            siblings.sort(Comparator.comparingLong((LocationStock l) -> spare.get(l.code())).reversed()
                .thenComparing(LocationStock::code));
            for (final LocationStock s : siblings)
            {
                donors.add(new Donor(s, "sibling"));
            }
        }
        if (central != null && central != parent)
        {
            donors.add(new Donor(central, "central warehouse"));
        }
        return donors;
    }

    private record Donor(LocationStock location, String role)
    {
    }
}
