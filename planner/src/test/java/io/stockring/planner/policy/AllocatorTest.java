package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.stockring.planner.policy.SafetyStockTest.assertNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllocatorTest
{
    private static final Allocator ALLOCATOR = new Allocator();

    @Test
    void shouldKeepThirtyPercentCentrallyAndSplitTheRestByDemand()
    {
        final Allocation a = ALLOCATOR.allocate("PHONE", 1000, "CW",
            Map.of("RW-EAST", 60.0, "RW-NORTH", 30.0, "ONLINE", 10.0));
        assertEquals(300L, a.centralReserveUnits());
        assertEquals(300L, a.unitsAt("CW"));
        assertEquals(420L, a.unitsAt("RW-EAST"));
        assertEquals(210L, a.unitsAt("RW-NORTH"));
        assertEquals(70L, a.unitsAt("ONLINE"));
        assertEquals(1000L, sum(a));
    }

    @Test
    void shouldHandOutLeftoverUnitsByLargestRemainderThenCode()
    {
        // reserve ceil(30.3) = 31; 70 over three equal shares = 23.33 each; the leftover unit goes to "A"
        final Allocation a = ALLOCATOR.allocate("MUG", 101, "CW", Map.of("C", 1.0, "A", 1.0, "B", 1.0));
        assertEquals(31L, a.unitsAt("CW"));
        assertEquals(24L, a.unitsAt("A"));
        assertEquals(23L, a.unitsAt("B"));
        assertEquals(23L, a.unitsAt("C"));
        assertEquals(101L, sum(a));

        // 7 to share: 4.9 / 1.4 / 0.7 -> floors 4 / 1 / 0, leftovers to 0.9 and 0.7
        final Allocation b = ALLOCATOR.allocate("MUG", 10, "CW", Map.of("X", 70.0, "Y", 20.0, "Z", 10.0));
        assertEquals(3L, b.unitsAt("CW"));
        assertEquals(5L, b.unitsAt("X"));
        assertEquals(1L, b.unitsAt("Y"));
        assertEquals(1L, b.unitsAt("Z"));
    }

    @Test
    void shouldAlwaysSumExactly()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int run = 0; run < 500; run++)
        {
            final Map<String, Double> demand = new TreeMap<>();
            final int locations = 1 + random.nextInt(12);
            for (int i = 0; i < locations; i++)
            {
                demand.put("L" + i, random.nextInt(4) == 0 ? 0.0 : random.nextDouble() * 1000);
            }
            final long quantity = random.nextInt(100_000);
            final Allocation a = ALLOCATOR.allocate("G", quantity, "CW", demand);
            assertEquals(quantity, sum(a), "seed " + seed + " run " + run);
            assertTrue(a.centralReserveUnits() >= Math.ceil(quantity * 0.3 - 1e-9) ||
                demand.values().stream().allMatch(d -> d == 0.0), "seed " + seed + " run " + run);
            assertTrue(a.unitsByLocation().values().stream().allMatch(u -> u >= 0), "seed " + seed);
        }
    }

    @Test
    void shouldKeepEverythingCentrallyWithoutAnyDemand()
    {
        final Allocation a = ALLOCATOR.allocate("NEW", 50, "CW", Map.of("RW-EAST", 0.0, "RW-NORTH", 0.0));
        assertEquals(50L, a.unitsAt("CW"));
        assertEquals(50L, a.centralReserveUnits());
        assertEquals(0L, a.unitsAt("RW-EAST"));
        assertEquals(50L, sum(a));
    }

    @Test
    void shouldAddTheCentralWarehousesOwnDemandShareToItsReserve()
    {
        // reserve 3; 7 split 3.5 / 3.5 -> the tie goes to "CW" by code
        final Allocation a = ALLOCATOR.allocate("G", 10, "CW", Map.of("CW", 50.0, "RW", 50.0));
        assertEquals(3L, a.centralReserveUnits());
        assertEquals(7L, a.unitsAt("CW"));
        assertEquals(3L, a.unitsAt("RW"));
    }

    @Test
    void shouldUseTheConfiguredReserve()
    {
        final Allocation a = new Allocator(PolicyConfig.builder().centralReserveShare(0.0).build())
            .allocate("G", 100, "CW", Map.of("RW", 1.0));
        assertEquals(0L, a.unitsAt("CW"));
        assertEquals(100L, a.unitsAt("RW"));
    }

    @Test
    void shouldRejectBadInputNamingTheArgument()
    {
        assertNamed("quantityUnits", () -> ALLOCATOR.allocate("G", -1, "CW", Map.of("RW", 1.0)));
        assertNamed("forecastDemand of RW", () -> ALLOCATOR.allocate("G", 10, "CW", Map.of("RW", -1.0)));
        assertNamed("forecastDemand of RW", () -> ALLOCATOR.allocate("G", 10, "CW", Map.of("RW", Double.NaN)));
        assertNamed("centralLocation", () -> ALLOCATOR.allocate("G", 10, "", Map.of("RW", 1.0)));
    }

    private static long sum(final Allocation a)
    {
        return a.unitsByLocation().values().stream().mapToLong(Long::longValue).sum();
    }
}
