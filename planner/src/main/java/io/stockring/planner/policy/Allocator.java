package io.stockring.planner.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Initial allocation of a delivery across locations: the central warehouse keeps a reserve (30% by
 * default, rounded up) for later transfers, so no single channel sells out early; the rest goes out in
 * proportion to each location's forecast demand.
 *
 * <p>Shares become whole units by the largest-remainder method: everyone gets the floor of their
 * share, then the units left over go one each to the largest fractional parts (ties by location code),
 * so the parts always sum exactly to the quantity. With no forecast demand anywhere there is nothing
 * to split by, and everything stays at the central warehouse.
 */
public final class Allocator
{
    private final double centralReserveShare;

    public Allocator()
    {
        this(PolicyConfig.defaults());
    }

    public Allocator(final PolicyConfig config)
    {
        this.centralReserveShare = Checks.notNull(config, "config").centralReserveShare();
    }

    /**
     * @param sku                      the gift
     * @param quantityUnits            units to allocate
     * @param centralLocation          the central warehouse's code
     * @param forecastDemandByLocation forecast demand per location over the same horizon; the central
     *                                 warehouse may appear (e.g. when it serves the online pool)
     */
    public Allocation allocate(
        final String sku,
        final long quantityUnits,
        final String centralLocation,
        final Map<String, Double> forecastDemandByLocation)
    {
        Checks.nonBlank(sku, "sku");
        Checks.nonNegative(quantityUnits, "quantityUnits");
        Checks.nonBlank(centralLocation, "centralLocation");
        Checks.notNull(forecastDemandByLocation, "forecastDemandByLocation");

        final List<String> locations = new ArrayList<>(forecastDemandByLocation.size());
        double totalDemand = 0.0;
        for (final Map.Entry<String, Double> e : forecastDemandByLocation.entrySet())
        {
            Checks.nonBlank(e.getKey(), "forecastDemandByLocation key");
            totalDemand += Checks.nonNegative(Checks.notNull(e.getValue(), "forecastDemand of " + e.getKey()),
                "forecastDemand of " + e.getKey());
            locations.add(e.getKey());
        }
        Collections.sort(locations);

        final Map<String, Long> units = new TreeMap<>();
        final long reserve = totalDemand > 0.0 ?
            Math.min(quantityUnits, Units.ceilUnits(quantityUnits * centralReserveShare)) : quantityUnits;
        final long toShare = quantityUnits - reserve;
        units.put(centralLocation, reserve);

        if (toShare > 0)
        {
            final List<Share> shares = new ArrayList<>(locations.size());
            long given = 0;
            for (final String location : locations)
            {
                final double exact = toShare * (forecastDemandByLocation.get(location) / totalDemand);
                final long floor = Math.min(toShare, (long)Math.floor(exact));
                shares.add(new Share(location, floor, exact - floor));
                given += floor;
            }
            shares.sort(Comparator.comparingDouble(Share::remainder).reversed().thenComparing(Share::location));
            long left = toShare - given;
            for (int i = 0; left > 0; i = (i + 1) % shares.size(), left--)
            {
                final Share s = shares.get(i);
                shares.set(i, new Share(s.location(), s.units() + 1, s.remainder()));
            }
            for (final Share s : shares)
            {
                if (s.units() > 0 || !s.location().equals(centralLocation))
                {
                    units.merge(s.location(), s.units(), Long::sum);
                }
            }
        }
        return new Allocation(sku, quantityUnits, centralLocation, reserve, Collections.unmodifiableMap(units));
    }

    private record Share(String location, long units, double remainder)
    {
    }
}
