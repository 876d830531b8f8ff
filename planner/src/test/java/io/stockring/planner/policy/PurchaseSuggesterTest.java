package io.stockring.planner.policy;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.stockring.planner.policy.PolicyCalculatorTest.EARBUDS;
import static io.stockring.planner.policy.SafetyStockTest.assertNamed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PurchaseSuggesterTest
{
    private static final PolicyCalculator CALCULATOR = new PolicyCalculator();
    private static final PurchaseSuggester SUGGESTER = new PurchaseSuggester();

    /** SS 19, ROP = order-up-to = 35 (see PolicyCalculatorTest). */
    private static final ItemEconomics PHONE = new ItemEconomics("PHONE", 3000.0, 300_000, "digital", 3, 1, 50, 0.25, 1);
    private static final StockPolicy PHONE_POLICY = CALCULATOR.calculate("CW", PHONE, DemandStats.of(4, 4), AbcClass.A);
    /** SS 176, ROP 876, EOQ 854. */
    private static final StockPolicy EARBUDS_POLICY = CALCULATOR.calculate("CW", EARBUDS, DemandStats.of(50, 10), AbcClass.B);
    /** SS 15, ROP 103, 2 a day. */
    private static final ItemEconomics TOWEL = new ItemEconomics("TOWEL", 8.0, 300, "home", 14, 3, 60, 0.25, 1);
    private static final StockPolicy TOWEL_POLICY = CALCULATOR.calculate("CW", TOWEL, DemandStats.of(2, 1.5), AbcClass.C);

    @Test
    void shouldTopAnAItemUpToItsOrderUpToLevel()
    {
        final PurchaseSuggestion s = SUGGESTER.suggest(PHONE_POLICY, PHONE, new InventoryPosition(30, 5, 0, 17)).orElseThrow();
        assertEquals(18L, s.positionUnits());
        assertEquals(17L, s.quantityUnits());            // 35 - 18
        assertEquals(51_000.0, s.value(), 0.0);
        assertEquals(PurchaseUrgency.URGENT, s.urgency()); // 18 < SS 19
        assertEquals(AbcClass.A, s.abcClass());
        assertEquals(35L, s.reorderPointUnits());
        assertEquals(19L, s.safetyStockUnits());
        assertEquals(30L, s.onHandUnits());
        assertEquals(5L, s.inTransitUnits());
        assertEquals(17L, s.reservedUnits());
        assertTrue(s.reason().contains("order-up-to level 35"), s.reason());

        assertEquals(Optional.empty(), SUGGESTER.suggest(PHONE_POLICY, PHONE, new InventoryPosition(35, 0, 0, 0)),
            "already at the order-up-to level");
    }

    @Test
    void shouldOrderTheEoqForABItem()
    {
        final PurchaseSuggestion s = SUGGESTER.suggest(EARBUDS_POLICY, EARBUDS, new InventoryPosition(400, 0, 150, 50))
            .orElseThrow();
        assertEquals(500L, s.positionUnits());
        assertEquals(854L, s.quantityUnits());
        assertEquals(854 * 20.0, s.value(), 0.0);
        assertEquals(PurchaseUrgency.NORMAL, s.urgency());
        assertEquals("CW", s.location());
        assertEquals("EARBUDS", s.sku());

        final PurchaseSuggestion atRop = SUGGESTER.suggest(EARBUDS_POLICY, EARBUDS, new InventoryPosition(876, 0, 0, 0))
            .orElseThrow();
        assertEquals(854L, atRop.quantityUnits());
    }

    @Test
    void shouldOrderAtLeastEnoughToPassTheReorderPoint()
    {
        final PurchaseSuggestion s = SUGGESTER.suggest(EARBUDS_POLICY, EARBUDS, new InventoryPosition(0, 0, 0, 0))
            .orElseThrow();
        assertEquals(877L, s.quantityUnits());           // ROP 876 - 0 + 1 > EOQ 854
        assertEquals(PurchaseUrgency.CRITICAL, s.urgency());
        assertTrue(s.reason().contains("to pass the reorder point"), s.reason());
    }

    @Test
    void shouldRoundUpToMinimumOrderAndCasePack()
    {
        final ItemEconomics moq = new ItemEconomics("EARBUDS", 20.0, 2_000, "audio", 7, 2, 100, 0.25, 1000);
        final PurchaseSuggestion minimum = SUGGESTER.suggest(EARBUDS_POLICY, moq, new InventoryPosition(400, 0, 150, 50))
            .orElseThrow();
        assertEquals(1000L, minimum.quantityUnits());
        assertEquals(20_000.0, minimum.value(), 0.0);
        assertTrue(minimum.reason().contains("minimum order 1000"), minimum.reason());

        final ItemEconomics packed = new ItemEconomics("EARBUDS", 20.0, 2_000, "audio", 7, 2, 100, 0.25, 1000, 240);
        final PurchaseSuggestion cases = SUGGESTER.suggest(EARBUDS_POLICY, packed, new InventoryPosition(400, 0, 150, 50))
            .orElseThrow();
        assertEquals(1200L, cases.quantityUnits());       // 5 cases of 240
        assertTrue(cases.reason().contains("multiple of 240"), cases.reason());
    }

    @Test
    void shouldBuyMonthsOfCoverForACItem()
    {
        final PurchaseSuggestion s = SUGGESTER.suggest(TOWEL_POLICY, TOWEL, new InventoryPosition(60, 0, 0, 0)).orElseThrow();
        // back to ROP 103 plus 3 months x 30.42 days x 2 a day = 182.5 -> 183
        assertEquals(226L, s.quantityUnits());
        assertEquals(1808.0, s.value(), 1e-9);
        assertEquals(PurchaseUrgency.NORMAL, s.urgency());
        assertTrue(s.reason().contains("3 months of demand (183)"), s.reason());

        final PurchaseSuggestion twoMonths = new PurchaseSuggester(PolicyConfig.builder().bulkCoverMonths(2).build())
            .suggest(TOWEL_POLICY, TOWEL, new InventoryPosition(60, 0, 0, 0)).orElseThrow();
        assertEquals(43L + 122L, twoMonths.quantityUnits()); // 2 x 30.42 x 2 = 121.7 -> 122

        final ItemEconomics bulkMoq = new ItemEconomics("TOWEL", 8.0, 300, "home", 14, 3, 60, 0.25, 500);
        assertEquals(500L, SUGGESTER.suggest(TOWEL_POLICY, bulkMoq, new InventoryPosition(60, 0, 0, 0))
            .orElseThrow().quantityUnits());
    }

    @Test
    void shouldSuggestNothingAboveTheReorderPoint()
    {
        assertEquals(Optional.empty(), SUGGESTER.suggest(EARBUDS_POLICY, EARBUDS, new InventoryPosition(877, 0, 0, 0)));
        assertEquals(Optional.empty(), SUGGESTER.suggest(EARBUDS_POLICY, EARBUDS, new InventoryPosition(500, 200, 300, 100)));
        assertEquals(Optional.empty(), SUGGESTER.suggest(PHONE_POLICY, PHONE, new InventoryPosition(40, 0, 0, 0)));
        assertEquals(Optional.empty(), SUGGESTER.suggest(TOWEL_POLICY, TOWEL, new InventoryPosition(104, 0, 0, 0)));
    }

    @Test
    void shouldCoverOnlyWhatIsOwedForAnItemWithoutDemand()
    {
        final StockPolicy idle = CALCULATOR.calculate("CW", TOWEL, DemandStats.of(0, 0), AbcClass.C);
        assertEquals(Optional.empty(), SUGGESTER.suggest(idle, TOWEL, new InventoryPosition(0, 0, 0, 0)));
        final PurchaseSuggestion owed = SUGGESTER.suggest(idle, TOWEL, new InventoryPosition(1, 0, 0, 3)).orElseThrow();
        assertEquals(-2L, owed.positionUnits());
        assertEquals(2L, owed.quantityUnits());
        assertEquals(PurchaseUrgency.CRITICAL, owed.urgency());
    }

    @Test
    void shouldGradeUrgencyLikeTheCoresAlertLevels()
    {
        assertEquals(PurchaseUrgency.CRITICAL, PurchaseSuggester.urgency(0, 0));
        assertEquals(PurchaseUrgency.CRITICAL, PurchaseSuggester.urgency(49, 100));
        assertEquals(PurchaseUrgency.URGENT, PurchaseSuggester.urgency(50, 100));
        assertEquals(PurchaseUrgency.URGENT, PurchaseSuggester.urgency(99, 100));
        assertEquals(PurchaseUrgency.NORMAL, PurchaseSuggester.urgency(100, 100));
    }

    @Test
    void shouldRejectBadInputNamingTheArgument()
    {
        assertNamed("reservedUnits", () -> new InventoryPosition(1, 0, 0, -1));
        assertNamed("onHandUnits", () -> new InventoryPosition(-1, 0, 0, 0));
        assertNamed("position", () -> SUGGESTER.suggest(EARBUDS_POLICY, EARBUDS, null));
        assertNamed("but item is", () -> SUGGESTER.suggest(EARBUDS_POLICY, PHONE, new InventoryPosition(0, 0, 0, 0)));
    }
}
