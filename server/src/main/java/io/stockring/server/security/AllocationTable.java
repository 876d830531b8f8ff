package io.stockring.server.security;

import io.stockring.proto.v1.Allocation;
import io.stockring.proto.v1.ChannelPool;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable view of the channel allocation for look-ups on the request path: each change
 * builds a new table and publishes it through a volatile reference, so readers take no lock.
 */
final class AllocationTable
{
    private final Allocation proto;
    private final Map<String, Map<String, ChannelPool>> byChannel;
    private final Set<String> highValue;

    AllocationTable(final Allocation proto)
    {
        this.proto = proto;
        final Map<String, Map<String, ChannelPool>> m = new HashMap<>();
        for (final ChannelPool p : proto.getPoolsList())
        {
            m.computeIfAbsent(p.getChannel(), c -> new HashMap<>()).put(p.getSku(), p);
        }
        m.replaceAll((c, pools) -> Map.copyOf(pools));
        this.byChannel = Map.copyOf(m);
        this.highValue = Set.copyOf(proto.getHighValueSkusList());
    }

    Allocation proto()
    {
        return proto;
    }

    /** The channel's pool for a sku: its own for that sku, else its default; null when it has none. */
    ChannelPool pool(final String channel, final String sku)
    {
        final Map<String, ChannelPool> pools = byChannel.get(channel);
        if (pools == null)
        {
            return null;
        }
        final ChannelPool own = pools.get(sku);
        return own != null ? own : pools.get("");
    }

    boolean isHighValue(final String sku)
    {
        return highValue.contains(sku);
    }

    String centralReserve()
    {
        return proto.getCentralReserve();
    }

    long highValueMaxPerLine()
    {
        return proto.getHighValueMaxPerLine();
    }
}
