package io.stockring.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BooksTest
{
    private static Carts.Cart cart(final int sku, final long q)
    {
        return new Carts.Cart(new int[] {sku}, new long[] {q}, Carts.Follow.NONE);
    }

    private static Books books()
    {
        final Books b = new Books(2);
        b.base(0, 100, 0);
        b.base(1, 50, 5);
        b.reserved(cart(0, 3), false);
        b.reserved(cart(0, 2), false);
        b.confirmed(cart(0, 2));
        b.reserved(cart(1, 1), false);
        b.released(cart(1, 1));
        return b;
    }

    @Test
    void shouldBalanceWhenTheServerShowsExactlyWhatWasAcknowledged()
    {
        final Books.Check c = books().check(new long[] {98, 50}, new long[] {3, 5});
        assertTrue(c.balanced(), c.examples().toString());
        assertEquals(3, c.acknowledgedHeld());
        assertEquals(2, c.acknowledgedConfirmed());
    }

    @Test
    void shouldCatchALostAndADoubledReservation()
    {
        assertFalse(books().check(new long[] {98, 50}, new long[] {2, 5}).balanced());
        assertFalse(books().check(new long[] {98, 50}, new long[] {4, 5}).balanced());
        assertFalse(books().check(new long[] {97, 50}, new long[] {3, 5}).balanced());
    }

    @Test
    void shouldCatchAnOversell()
    {
        final Books b = new Books(1);
        b.base(0, 1, 0);
        b.reserveUnknown(cart(0, 5), false);
        final Books.Check c = b.check(new long[] {1}, new long[] {5});
        assertFalse(c.balanced());
        assertTrue(c.examples().get(0).contains("oversold"), c.examples().toString());
    }

    @Test
    void shouldAllowExactlyTheUnknownOutcomesAsSlack()
    {
        final Books b = books();
        b.reserveUnknown(cart(0, 4), false);
        b.finishUnknown(cart(1, 2), true);
        assertTrue(b.check(new long[] {98, 50}, new long[] {3, 5}).balanced());
        assertTrue(b.check(new long[] {98, 48}, new long[] {7, 3}).balanced());
        assertFalse(b.check(new long[] {98, 50}, new long[] {8, 5}).balanced());
        assertFalse(b.check(new long[] {98, 47}, new long[] {3, 5}).balanced());
    }

    @Test
    void shouldLeaveExpiringHoldsOutOfTheBooks()
    {
        final Books b = new Books(1);
        b.base(0, 10, 0);
        b.reserved(cart(0, 3), true);
        assertTrue(b.check(new long[] {10}, new long[] {0}).balanced());
    }
}
