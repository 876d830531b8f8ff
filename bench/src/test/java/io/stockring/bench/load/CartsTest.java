package io.stockring.bench.load;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CartsTest
{
    @Test
    void shouldChooseTheSameCartForTheSameSeedAndSequence()
    {
        final Carts a = new Carts(Scenario.MULTILINE, 1_000, 7, 0.99);
        final Carts b = new Carts(Scenario.MULTILINE, 1_000, 7, 0.99);
        for (long seq = 0; seq < 100; seq++)
        {
            assertArrayEquals(a.cart(seq).skus(), b.cart(seq).skus());
            assertArrayEquals(a.cart(seq).quantities(), b.cart(seq).quantities());
        }
    }

    @Test
    void shouldFillMultiLineCartsWithDistinctSkus()
    {
        final Carts c = new Carts(Scenario.MULTILINE, 10, 1, 0.99);
        for (long seq = 0; seq < 1_000; seq++)
        {
            final Carts.Cart cart = c.cart(seq);
            assertTrue(cart.skus().length >= 2 && cart.skus().length <= 5);
            assertEquals(cart.skus().length, Arrays.stream(cart.skus()).distinct().count());
            assertTrue(Arrays.stream(cart.quantities()).allMatch(q -> q >= 1 && q <= 3));
        }
    }

    @Test
    void shouldSkewZipfTowardsTheFirstRanks()
    {
        final Carts c = new Carts(Scenario.ZIPF, 100_000, 3, 0.99);
        int top10 = 0;
        for (long seq = 0; seq < 100_000; seq++)
        {
            if (c.cart(seq).skus()[0] < 10)
            {
                top10++;
            }
        }
        // P(rank < 10) = H(10, 0.99) / H(100000, 0.99), about 0.24.
        assertTrue(top10 > 20_000 && top10 < 28_000, "top 10 ranks drew " + top10);
    }

    @Test
    void shouldSearchTheZipfCdf()
    {
        final double[] cdf = Carts.zipfCdf(4, 1.0);
        assertEquals(1.0, cdf[3]);
        assertEquals(0, Carts.zipf(cdf, 0.0));
        assertEquals(0, Carts.zipf(cdf, cdf[0]));
        assertEquals(1, Carts.zipf(cdf, cdf[0] + 1e-9));
        assertEquals(3, Carts.zipf(cdf, 0.999999));
    }

    @Test
    void shouldSplitFollowUpsByTheScenarioPercentages()
    {
        assertEquals(Carts.Follow.CONFIRM, Carts.follow(Scenario.MIXED, 49));
        assertEquals(Carts.Follow.RELEASE, Carts.follow(Scenario.MIXED, 50));
        assertEquals(Carts.Follow.RELEASE, Carts.follow(Scenario.MIXED, 89));
        assertEquals(Carts.Follow.NONE, Carts.follow(Scenario.MIXED, 90));
        assertEquals(Carts.Follow.NONE, Carts.follow(Scenario.UNIFORM, 0));
        assertEquals(Carts.Follow.RELEASE, Carts.follow(Scenario.RESERVE_RELEASE, 99));
    }

    @Test
    void shouldNameScenariosAsOnTheCommandLine()
    {
        assertEquals(Scenario.RESERVE_CONFIRM, Scenario.of("reserve-confirm"));
        assertEquals(Scenario.HOT, Scenario.of(" HOT "));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.of("nope"));
        assertTrue(e.getMessage().contains("known: empty, uniform"), e.getMessage());
    }
}
