package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.stockring.planner.policy.SafetyStockTest.assertNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AbcClassifierTest
{
    /** Ten gifts whose values split 70 / 20 / 10 and whose counts split 10 / 20 / 70, as in the playbook. */
    private static List<RedemptionValue> tenGifts()
    {
        return List.of(
            new RedemptionValue("PHONE", 700),
            new RedemptionValue("EARBUDS", 120),
            new RedemptionValue("POWERBANK", 80),
            new RedemptionValue("MUG", 30),
            new RedemptionValue("UMBRELLA", 20),
            new RedemptionValue("TOWEL", 15),
            new RedemptionValue("SOCKS", 15),
            new RedemptionValue("PEN", 10),
            new RedemptionValue("BADGE", 10),
            new RedemptionValue("TISSUES", 0));
    }

    @Test
    void shouldSplitTenGiftsSeventyTwentyTen()
    {
        final AbcClassification result = new AbcClassifier().classify(tenGifts());

        assertEquals(AbcClass.A, result.classOf("PHONE"));
        assertEquals(AbcClass.B, result.classOf("EARBUDS"));
        assertEquals(AbcClass.B, result.classOf("POWERBANK"));
        for (final String c : List.of("MUG", "UMBRELLA", "TOWEL", "SOCKS", "PEN", "BADGE", "TISSUES"))
        {
            assertEquals(AbcClass.C, result.classOf(c), c);
        }
        assertEquals(0.70, result.valueShareByClass().get(AbcClass.A), 1e-12);
        assertEquals(0.20, result.valueShareByClass().get(AbcClass.B), 1e-12);
        assertEquals(0.10, result.valueShareByClass().get(AbcClass.C), 1e-12);
        assertEquals(Map.of(AbcClass.A, 1, AbcClass.B, 2, AbcClass.C, 7), result.itemCountByClass());
        assertEquals(1000.0, result.totalValue(), 0.0);
        assertEquals(0.12, result.valueShareByKey().get("EARBUDS"), 1e-12);
        assertEquals(0.90, result.cumulativeShareByKey().get("POWERBANK"), 1e-12);
    }

    @Test
    void shouldRankByValueThenKeyWhateverTheInputOrder()
    {
        final List<String> expectedRank = List.of("PHONE", "EARBUDS", "POWERBANK", "MUG", "UMBRELLA", "SOCKS",
            "TOWEL", "BADGE", "PEN", "TISSUES");
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int i = 0; i < 20; i++)
        {
            final List<RedemptionValue> shuffled = new ArrayList<>(tenGifts());
            Collections.shuffle(shuffled, random);
            final AbcClassification result = new AbcClassifier().classify(shuffled);
            assertEquals(expectedRank, List.copyOf(result.classByKey().keySet()), "seed " + seed);
        }
    }

    @Test
    void shouldKeepTheItemThatCrossesALineInTheUpperClass()
    {
        final AbcClassification result = new AbcClassifier().classify(List.of(
            new RedemptionValue("X", 85), new RedemptionValue("Y", 10), new RedemptionValue("Z", 5)));
        assertEquals(AbcClass.A, result.classOf("X"));   // alone beyond 70%, still A
        assertEquals(AbcClass.B, result.classOf("Y"));   // starts at 85%, crosses 90%
        assertEquals(AbcClass.C, result.classOf("Z"));   // starts at 95%

        final AbcClassification crossing = new AbcClassifier().classify(List.of(
            new RedemptionValue("X", 60), new RedemptionValue("Y", 25), new RedemptionValue("Z", 15)));
        assertEquals(AbcClass.A, crossing.classOf("X"));
        assertEquals(AbcClass.A, crossing.classOf("Y"));   // starts at 60%, crosses 70%
        assertEquals(AbcClass.B, crossing.classOf("Z"));
    }

    @Test
    void shouldPutWorthlessItemsInC()
    {
        final AbcClassification allZero = new AbcClassifier().classify(List.of(
            new RedemptionValue("X", 0), new RedemptionValue("Y", 0)));
        assertEquals(AbcClass.C, allZero.classOf("X"));
        assertEquals(AbcClass.C, allZero.classOf("Y"));
        assertEquals(0.0, allZero.valueShareByClass().get(AbcClass.A), 0.0);
    }

    @Test
    void shouldHonourConfiguredCuts()
    {
        final AbcClassification result = new AbcClassifier(0.5, 0.8).classify(tenGifts());
        assertEquals(AbcClass.A, result.classOf("PHONE"));
        assertEquals(AbcClass.B, result.classOf("EARBUDS"));     // starts at 70% < 80%
        assertEquals(AbcClass.C, result.classOf("POWERBANK"));   // starts at 82%

        final PolicyConfig config = PolicyConfig.builder().abcCumulativeShares(0.8, 0.95).build();
        final AbcClassification wider = new AbcClassifier(config).classify(tenGifts());
        assertEquals(AbcClass.A, wider.classOf("EARBUDS"));
        assertEquals(AbcClass.B, wider.classOf("POWERBANK"));
        assertEquals(AbcClass.B, wider.classOf("UMBRELLA"));   // starts at 93%
        assertEquals(AbcClass.C, wider.classOf("SOCKS"));      // starts at 95%
    }

    @Test
    void shouldValueUnitsAtUnitCost()
    {
        assertEquals(new RedemptionValue("PHONE", 30_000.0), RedemptionValue.ofUnits("PHONE", 10, 3000.0));
    }

    @Test
    void shouldRejectBadInputNamingTheArgument()
    {
        assertNamed("value", () -> new RedemptionValue("X", -1));
        assertNamed("value", () -> new RedemptionValue("X", Double.NaN));
        assertNamed("key", () -> new RedemptionValue(" ", 1));
        assertNamed("twice", () -> new AbcClassifier().classify(List.of(
            new RedemptionValue("X", 1), new RedemptionValue("X", 2))));
        assertNamed("aCumulativeShare", () -> new AbcClassifier(0.9, 0.7));
        assertNamed("was not classified", () -> new AbcClassifier().classify(tenGifts()).classOf("NOPE"));
    }
}
