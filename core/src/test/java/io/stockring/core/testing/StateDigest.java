package io.stockring.core.testing;

import io.stockring.core.command.ReservationState;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.LedgerReads;
import io.stockring.core.ledger.ReservationView;
import io.stockring.core.ledger.StockLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A canonical text of everything the ledger says (catalog, every stock entry, every reservation
 * and its state), comparable across engines and with the reference model. Tests compare these
 * (or their hash) instead of poking at fields one by one.
 */
public final class StateDigest
{
    private StateDigest()
    {
    }

    /** The digest of a ledger as its reads see it, with the reservations of the ids given. */
    public static String of(final LedgerReads reads, final Iterable<Long> reservationIds)
    {
        final Catalog catalog = reads.catalog();
        final TreeMap<String, String> lines = new TreeMap<>();
        for (int s = 1; s <= catalog.maxItemId(); s++)
        {
            final Catalog.Item item = catalog.item(s);
            if (item == null)
            {
                continue;
            }
            lines.put("item " + item.code(), item.name() + "|" + item.category());
            for (final StockLevel level : reads.stockOfSku(item.code()))
            {
                if (level.seq() == 0)
                {
                    continue;
                }
                lines.put("stock " + level.sku() + "@" + level.location(), stock(level.onHand(), level.reserved(),
                    level.inTransit(), level.safetyStock(), level.reorderPoint(), level.shippedTotal()));
            }
        }
        for (int l = 1; l <= catalog.maxLocationId(); l++)
        {
            final Catalog.Location loc = catalog.location(l);
            if (loc != null)
            {
                final Catalog.Location parent = catalog.location(loc.parentId());
                lines.put("location " + loc.code(), loc.name() + "|" + loc.kind() + "|" +
                    (parent == null ? "" : parent.code()));
            }
        }
        for (final long id : reservationIds)
        {
            reads.reservation(id).ifPresent(r -> lines.put(String.format("reservation %012d", r.id()),
                reservation(r.channel(), r.state(), r.expiresAtMs(), r.lines())));
        }
        final StringBuilder sb = new StringBuilder();
        lines.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    public static String stock(final long onHand, final long reserved, final long inTransit, final long safety,
        final long reorder, final long shipped)
    {
        return "onHand=" + onHand + " reserved=" + reserved + " inTransit=" + inTransit + " safety=" + safety +
            " reorder=" + reorder + " shipped=" + shipped;
    }

    public static String reservation(final String channel, final ReservationState state, final long expiresAtMs,
        final List<ReservationView.Line> lines)
    {
        final List<String> parts = new ArrayList<>();
        for (final ReservationView.Line line : lines)
        {
            parts.add(line.sku() + "@" + line.location() + "x" + line.quantity());
        }
        return channel + "|" + state + "|" + expiresAtMs + "|" + String.join(",", parts);
    }
}
