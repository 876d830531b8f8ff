package io.stockring.server.security;

import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.ReservationView;
import io.stockring.core.ledger.StockLevel;
import io.stockring.engine.Engine;
import io.stockring.proto.v1.Allocation;
import io.stockring.proto.v1.ChannelPool;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.server.ReservationIds;

import java.util.Optional;

/**
 * What a channel's principal may ask for, beyond its role: its own channel code, its per-request
 * limits, locations its allocation gives it, its own reservations. Runs on gRPC threads before a
 * command is published; reads the allocation through a volatile reference and the ledger through
 * the engine's lock-free reads, never waits for the writer.
 *
 * <pre>
 *   line (sku, location, qty) of channel C             allowed when
 *   sku high-value                                     location = central reserve (and qty within its cap)
 *   otherwise, P = C's pool for the sku                location = P
 *                                                      location = parent(P), P falls back to its parent, and
 *                                                        P's available stock cannot cover qty
 * </pre>
 */
final class ChannelGuard
{
    private final Engine engine;
    private volatile AllocationTable allocation;

    ChannelGuard(final Engine engine, final Allocation allocation)
    {
        this.engine = engine;
        this.allocation = new AllocationTable(allocation);
    }

    Allocation allocation()
    {
        return allocation.proto();
    }

    void allocation(final Allocation next)
    {
        allocation = new AllocationTable(next);
    }

    /** Null when the principal may make this reservation. */
    Denial checkReserve(final Principal p, final ReserveRequest r)
    {
        final String channel = p.channel();
        if (channel == null || !channel.equals(r.getChannel()))
        {
            return new Denial(DenialReason.CHANNEL_MISMATCH, "principal " + p.name() + " reserves for channel " +
                (channel == null ? "(none)" : channel) + ", not '" + r.getChannel() + "'");
        }
        final ChannelLimits limits = p.limits();
        final int n = r.getLinesCount();
        if (limits != null && n > limits.maxLines())
        {
            return new Denial(DenialReason.REQUEST_LIMIT, n + " lines; channel " + channel + " may reserve at most " +
                limits.maxLines() + " per request");
        }
        final AllocationTable t = allocation;
        for (int i = 0; i < n; i++)
        {
            final ReserveLine line = r.getLines(i);
            final String sku = line.getSku();
            final String location = line.getLocation();
            final long qty = line.getQuantity();
            if (limits != null && limits.maxQuantityPerLine() > 0 && qty > limits.maxQuantityPerLine())
            {
                return new Denial(DenialReason.REQUEST_LIMIT, "lines[" + i + "]: " + qty + " units; channel " +
                    channel + " may reserve at most " + limits.maxQuantityPerLine() + " per line");
            }
            if (t.isHighValue(sku))
            {
                final String central = t.centralReserve();
                if (central.isEmpty() || !central.equals(location))
                {
                    return new Denial(DenialReason.LOCATION, "lines[" + i + "]: " + sku + " is high-value: it is " +
                        "reserved only at the central reserve" + (central.isEmpty() ? " (none is set)" : " " + central));
                }
                if (t.highValueMaxPerLine() > 0 && qty > t.highValueMaxPerLine())
                {
                    return new Denial(DenialReason.REQUEST_LIMIT, "lines[" + i + "]: " + sku + " is high-value: at " +
                        "most " + t.highValueMaxPerLine() + " per line");
                }
                continue;
            }
            final ChannelPool pool = t.pool(channel, sku);
            if (pool == null)
            {
                return new Denial(DenialReason.LOCATION, "lines[" + i + "]: channel " + channel + " has no pool " +
                    "for " + sku);
            }
            if (location.equals(pool.getLocation()))
            {
                continue;
            }
            final String parent = pool.getFallbackToParent() ? parentOf(pool.getLocation()) : null;
            if (parent != null && parent.equals(location))
            {
                // A retry of a fallback reserve must get its first outcome even if the pool has
                // been refilled since: the ledger decides for a request id it already knows.
                if (available(sku, pool.getLocation()) < qty || engine.isKnownRequest(r.getRequestId()))
                {
                    continue;
                }
                return new Denial(DenialReason.LOCATION, "lines[" + i + "]: channel " + channel + " reserves " +
                    sku + " at " + parent + " only when its pool " + pool.getLocation() + " cannot cover the line");
            }
            return new Denial(DenialReason.LOCATION, "lines[" + i + "]: channel " + channel + " reserves " + sku +
                " at " + pool.getLocation() + (parent == null ? "" : " (or at " + parent + " when " +
                pool.getLocation() + " cannot cover the line)") + ", not at " + location);
        }
        return null;
    }

    /** Null when the reservation is the principal's channel's (or does not exist: the service says so). */
    Denial checkOwner(final Principal p, final String reservationId)
    {
        final long id = ReservationIds.parse(reservationId);
        if (id <= 0)
        {
            return null;
        }
        final Optional<ReservationView> r = engine.reservation(id);
        if (r.isPresent() && !r.get().channel().equals(p.channel()))
        {
            return new Denial(DenialReason.NOT_OWNER, "reservation " + reservationId + " belongs to another channel");
        }
        return null;
    }

    private String parentOf(final String location)
    {
        final Catalog catalog = engine.catalog();
        final Catalog.Location loc = catalog.location(location);
        if (loc == null || loc.parentId() <= 0)
        {
            return null;
        }
        final Catalog.Location parent = catalog.location(loc.parentId());
        return parent == null ? null : parent.code();
    }

    private long available(final String sku, final String location)
    {
        return engine.stock(sku, location).map(StockLevel::available).orElse(0L);
    }
}
