package io.stockring.planner.forecast;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemandSeriesTest
{
    private static final LocalDate START = LocalDate.of(2024, 3, 1);

    @Test
    void negativeDemandIsRejectedNamingTheIndex()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new DemandSeries(START, new double[] {1, 2, 0, -1, 3}));
        assertTrue(e.getMessage().contains("demand[3]"), e.getMessage());
        assertTrue(e.getMessage().contains("2024-03-04"), e.getMessage());
    }

    @Test
    void nanAndInfiniteDemandAreRejectedNamingTheIndex()
    {
        final IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
            () -> new DemandSeries(START, new double[] {1, Double.NaN}));
        assertTrue(nan.getMessage().contains("demand[1]"), nan.getMessage());
        final IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
            () -> new DemandSeries(START, new double[] {Double.POSITIVE_INFINITY}));
        assertTrue(inf.getMessage().contains("demand[0]"), inf.getMessage());
    }

    @Test
    void theInputArrayIsCopiedSoAReaderMayReuseItsBuffer()
    {
        final double[] buffer = {1, 2, 3};
        final DemandSeries series = new DemandSeries(START, buffer);
        buffer[0] = 99;
        assertEquals(1, series.demandOn(0));
        assertEquals(START.plusDays(3), series.endExclusive());
        assertEquals(2, series.head(2).days());
    }

    @Test
    void negativeExpiringPointsAreRejectedNamingTheIndex()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Drivers.ofExpiry(START, new double[] {10, -5}));
        assertTrue(e.getMessage().contains("expiringPoints[1]"), e.getMessage());
    }

    @Test
    void eventsCoverTheirLeadDaysAndAreReadByDate()
    {
        final CalendarEvent midAutumn = CalendarEvent.holiday("mid-autumn", START.plusDays(10), START.plusDays(11), 3);
        final Drivers drivers = Drivers.ofEvents(START, 30, List.of(midAutumn));
        assertFalse(drivers.isActive("mid-autumn", START.plusDays(6)));
        assertTrue(drivers.isActive("mid-autumn", START.plusDays(7)));
        assertTrue(drivers.isActive("mid-autumn", START.plusDays(11)));
        assertFalse(drivers.isActive("mid-autumn", START.plusDays(12)));
        assertFalse(drivers.isActive("double-points", START.plusDays(10)));
    }

    @Test
    void anEventEndingBeforeItStartsIsRejected()
    {
        assertThrows(IllegalArgumentException.class,
            () -> CalendarEvent.promotion("double-points", START.plusDays(2), START));
    }

    @Test
    void scopesMatchEverythingOrOneKey()
    {
        final CalendarEvent all = CalendarEvent.promotion("double-points", START, START);
        assertTrue(all.appliesTo("G0001"));
        assertTrue(all.withScope("*").appliesTo("G0001"));
        assertTrue(all.withScope("mooncake").appliesTo("mooncake"));
        assertFalse(all.withScope("mooncake").appliesTo("G0001"));
    }
}
