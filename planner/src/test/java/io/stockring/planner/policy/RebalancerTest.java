package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static io.stockring.planner.policy.SafetyStockTest.assertNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * <pre>
 *             CW  (500 available, SS 50)
 *           /    \
 *      RW-E        RW-N
 *     / |  \         \
 *   S1  S2  S3        S4
 * </pre>
 */
class RebalancerTest
{
    private static final Rebalancer REBALANCER = new Rebalancer();

    private static LocationStock central(final long available)
    {
        return new LocationStock("CW", null, LocationKind.CENTRAL, available, 0, 50, 100, 200);
    }

    /** Regional: SS 40, ROP 80, order-up-to 150; keeps max(150, 80 + 8) = 150. */
    private static LocationStock regional(final String code, final long available, final long demand)
    {
        return new LocationStock(code, "CW", LocationKind.REGIONAL, available, demand, 40, 80, 150);
    }

    /** Store: SS 10, ROP 20, order-up-to 30; keeps max(30, 20 + 2) = 30. */
    private static LocationStock store(final String code, final String parent, final long available, final long demand)
    {
        return new LocationStock(code, parent, LocationKind.STORE, available, demand, 10, 20, 30);
    }

    private static List<LocationStock> network(final long rwEastAvailable, final long s2Available)
    {
        return List.of(
            central(500),
            regional("RW-E", rwEastAvailable, 50),
            regional("RW-N", 100, 20),               // projected 80: nothing to spare
            store("S1", "RW-E", 5, 10),              // projected -5 < SS 10: short by 35 to reach 30
            store("S2", "RW-E", s2Available, 10),
            store("S3", "RW-E", 35, 10),             // projected 25: fine, nothing to spare
            store("S4", "RW-N", 2, 8));              // projected -6: short by 36
    }

    @Test
    void shouldFillADeficitStoreFromItsParentRegionalFirst()
    {
        final List<TransferSuggestion> transfers = REBALANCER.suggest("PHONE", network(300, 60));

        assertEquals(List.of(
            new Move("CW", "S4", 36),      // worst gap first; RW-N has nothing, S4 has no siblings
            new Move("RW-E", "S1", 35)),   // the parent covers it all, siblings and centre untouched
            moves(transfers));
        final TransferSuggestion s1 = transfers.get(1);
        assertEquals("PHONE", s1.sku());
        assertEquals(-5L, s1.receiverProjectedUnits());
        assertEquals(10L, s1.receiverSafetyStockUnits());
        assertTrue(s1.reason().contains("parent RW-E"), s1.reason());
        assertTrue(transfers.get(0).reason().contains("central warehouse CW"), transfers.get(0).reason());
    }

    @Test
    void shouldTurnToSiblingsThenToTheCentreWhenTheParentRunsDry()
    {
        // RW-E projected 170 - 50 = 120 < 150: nothing to spare; S2 projected 50 spares 20
        assertEquals(List.of(
            new Move("CW", "S4", 36),
            new Move("S2", "S1", 20),
            new Move("CW", "S1", 15)),
            moves(REBALANCER.suggest("PHONE", network(170, 60))));

        // with 215 available RW-E spares 215 - 50 - 150 = 15, then S2 gives the other 20
        assertEquals(List.of(
            new Move("CW", "S4", 36),
            new Move("RW-E", "S1", 15),
            new Move("S2", "S1", 20)),
            moves(REBALANCER.suggest("PHONE", network(215, 60))));
    }

    @Test
    void shouldNeverTakeADonorBelowItsReorderPointNorTheCentreBelowItsReserve()
    {
        final List<LocationStock> thin = List.of(
            central(60),                         // may give 10 down to its SS of 50
            regional("RW-E", 85, 0),             // projected 85 > ROP 80, but below its keep level 150
            store("S1", "RW-E", 0, 5),
            store("S2", "RW-E", 24, 0));         // projected 24 > ROP 20, below its keep level 30
        assertEquals(List.of(new Move("CW", "S1", 10)), moves(REBALANCER.suggest("PHONE", thin)));
    }

    @Test
    void shouldSuggestNothingWhenEveryoneIsFine()
    {
        final List<LocationStock> fine = List.of(
            central(500),
            regional("RW-E", 300, 50),
            store("S1", "RW-E", 40, 10),
            store("S2", "RW-E", 20, 10));        // projected 10 = SS: not short
        assertEquals(List.of(), REBALANCER.suggest("PHONE", fine));
    }

    @Test
    void shouldUseTheReorderPointAsTargetWithoutAnOrderUpToLevel()
    {
        final List<LocationStock> locations = List.of(
            new LocationStock("RW-E", "CW", LocationKind.REGIONAL, 200, 0, 40, 80),   // keeps 80 + 8
            new LocationStock("S1", "RW-E", LocationKind.STORE, 3, 5, 10, 20));      // -2: up to 20
        assertEquals(List.of(new Move("RW-E", "S1", 22)), moves(REBALANCER.suggest("PHONE", locations)));
    }

    @Test
    void shouldBuildFromAPolicy()
    {
        final StockPolicy policy = new PolicyCalculator().calculate("S1", PolicyCalculatorTest.EARBUDS,
            DemandStats.of(5, 2), AbcClass.B);
        final LocationStock s1 = LocationStock.of("RW-E", LocationKind.STORE, policy, 40, 35);
        assertEquals("S1", s1.code());
        assertEquals(policy.safetyStockUnits(), s1.safetyStockUnits());
        assertEquals(policy.reorderPointUnits(), s1.reorderPointUnits());
        assertEquals(policy.orderUpToUnits(), s1.orderUpToUnits());
        assertEquals(5L, s1.projectedStockUnits());
    }

    @Test
    void shouldNeverDrawFromAnotherRegion()
    {
        final List<LocationStock> cousins = List.of(
            regional("RW-E", 100, 0),
            regional("RW-N", 1000, 0),
            store("S1", "RW-E", 0, 5),
            store("S4", "RW-N", 500, 0));
        assertEquals(List.of(), REBALANCER.suggest("PHONE", cousins));
    }

    @Test
    void shouldKeepItsInvariantsAndIgnoreInputOrderOnRandomNetworks()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int run = 0; run < 300; run++)
        {
            final String context = "seed " + seed + " run " + run;
            final List<LocationStock> locations = randomNetwork(random);
            final List<TransferSuggestion> transfers = REBALANCER.suggest("G", locations);

            final List<LocationStock> shuffled = new ArrayList<>(locations);
            Collections.shuffle(shuffled, random);
            assertEquals(transfers, REBALANCER.suggest("G", shuffled), context);

            final Map<String, LocationStock> byCode = new HashMap<>();
            final Map<String, Long> projected = new HashMap<>();
            for (final LocationStock l : locations)
            {
                byCode.put(l.code(), l);
                projected.put(l.code(), l.projectedStockUnits());
            }
            for (final TransferSuggestion t : transfers)
            {
                assertTrue(t.quantityUnits() > 0, context);
                final LocationStock to = byCode.get(t.toLocation());
                final LocationStock from = byCode.get(t.fromLocation());
                assertTrue(to.projectedStockUnits() < to.safetyStockUnits(), context + " receiver was short");
                assertTrue(to.kind() != LocationKind.CENTRAL, context);
                assertTrue(from.kind() == LocationKind.CENTRAL || from.code().equals(to.parentCode()) ||
                    (to.parentCode() != null && to.parentCode().equals(from.parentCode())), context + " donor role");
                projected.merge(t.fromLocation(), -t.quantityUnits(), Long::sum);
                projected.merge(t.toLocation(), t.quantityUnits(), Long::sum);
            }
            for (final LocationStock l : locations)
            {
                final long after = projected.get(l.code());
                if (l.projectedStockUnits() < l.safetyStockUnits())
                {
                    assertTrue(after <= l.orderUpToUnits(), context + " " + l.code() + " overfilled");
                }
                else if (after != l.projectedStockUnits())
                {
                    final long floor = l.kind() == LocationKind.CENTRAL ? l.safetyStockUnits() : l.reorderPointUnits();
                    assertTrue(after >= floor, context + " donor " + l.code() + " at " + after + " < " + floor);
                    assertTrue(after >= (l.kind() == LocationKind.CENTRAL ? floor : l.orderUpToUnits()),
                        context + " donor " + l.code() + " below its keep level");
                }
            }
        }
    }

    @Test
    void shouldRefillAnAStoreFromItsParentInRealTime()
    {
        final LocationStock s1 = store("S1", "RW-E", 8, 0);
        final LocationStock rwEast = regional("RW-E", 100, 0);   // may give down to ROP 80: 20

        final TransferSuggestion t = Rebalancer.emergencyTransferFromParent("PHONE", AbcClass.A, s1, rwEast, 10)
            .orElseThrow();
        assertEquals(new Move("RW-E", "S1", 20), new Move(t.fromLocation(), t.toLocation(), t.quantityUnits()));

        final LocationStock richParent = regional("RW-E", 500, 0);
        assertEquals(22L, Rebalancer.emergencyTransferFromParent("PHONE", AbcClass.A, s1, richParent, 10)
            .orElseThrow().quantityUnits());           // back to order-up-to 30

        final LocationStock fromCentre = store("S9", "CW", 3, 0);
        assertEquals(27L, Rebalancer.emergencyTransferFromParent("PHONE", AbcClass.A, fromCentre, central(100), 10)
            .orElseThrow().quantityUnits());           // the centre may go down to its SS of 50

        assertEquals(Optional.empty(), Rebalancer.emergencyTransferFromParent("PHONE", AbcClass.B, s1, richParent, 10));
        assertEquals(Optional.empty(), Rebalancer.emergencyTransferFromParent("PHONE", AbcClass.A,
            store("S1", "RW-E", 10, 0), richParent, 10));
        assertEquals(Optional.empty(), Rebalancer.emergencyTransferFromParent("PHONE", AbcClass.A, s1,
            regional("RW-E", 80, 0), 10));
    }

    @Test
    void shouldRejectBadInputNamingTheArgument()
    {
        assertNamed("availableUnits", () -> store("S1", "RW-E", -1, 0));
        assertNamed("projectedDemandUnits", () -> store("S1", "RW-E", 1, -1));
        assertNamed("orderUpToUnits", () -> new LocationStock("S1", "RW-E", LocationKind.STORE, 1, 0, 10, 20, 19));
        assertNamed("twice", () -> REBALANCER.suggest("G", List.of(central(1), central(2))));
        assertNamed("two central warehouses", () -> REBALANCER.suggest("G", List.of(central(1),
            new LocationStock("CW2", null, LocationKind.CENTRAL, 1, 0, 0, 0, 0))));
        assertNamed("is not the parent", () -> Rebalancer.emergencyTransferFromParent("G", AbcClass.A,
            store("S1", "RW-E", 1, 0), regional("RW-N", 100, 0), 10));
    }

    private static List<LocationStock> randomNetwork(final Random random)
    {
        final List<LocationStock> locations = new ArrayList<>();
        locations.add(new LocationStock("CW", null, LocationKind.CENTRAL, random.nextInt(400), 0,
            random.nextInt(60), 100, 200));
        final int regions = 1 + random.nextInt(3);
        for (int r = 0; r < regions; r++)
        {
            final String regional = "RW" + r;
            final long ss = random.nextInt(50);
            final long rop = ss + random.nextInt(50);
            locations.add(new LocationStock(regional, "CW", LocationKind.REGIONAL, random.nextInt(400),
                random.nextInt(100), ss, rop, rop + random.nextInt(80)));
            final int stores = random.nextInt(5);
            for (int s = 0; s < stores; s++)
            {
                final long storeSs = random.nextInt(15);
                final long storeRop = storeSs + random.nextInt(15);
                locations.add(new LocationStock("S" + r + s, regional, LocationKind.STORE, random.nextInt(80),
                    random.nextInt(30), storeSs, storeRop, storeRop + random.nextInt(20)));
            }
        }
        if (random.nextBoolean())
        {
            locations.add(new LocationStock("ONLINE", "CW", LocationKind.ONLINE_POOL, random.nextInt(200),
                random.nextInt(100), 30, 60, 90));
        }
        return locations;
    }

    private static List<Move> moves(final List<TransferSuggestion> transfers)
    {
        return transfers.stream().map(t -> new Move(t.fromLocation(), t.toLocation(), t.quantityUnits())).toList();
    }

    private record Move(String from, String to, long units)
    {
    }
}
