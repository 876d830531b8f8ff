package io.stockring.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnitsTest
{
    @Test
    void shouldParseRatesWithSuffixes()
    {
        assertEquals(20_000, Units.parseRate("20000"));
        assertEquals(20_000, Units.parseRate("20k"));
        assertEquals(20_000, Units.parseRate("20K/s"));
        assertEquals(1_500_000, Units.parseRate("1.5M"));
        assertEquals(500, Units.parseRate(" 500/s "));
        assertEquals(0.5, Units.parseRate("0.5"));
    }

    @Test
    void shouldRefuseRatesThatAreNotRatesOrCannotBeScheduled()
    {
        assertThrows(IllegalArgumentException.class, () -> Units.parseRate(""));
        assertThrows(IllegalArgumentException.class, () -> Units.parseRate("fast"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseRate("0"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseRate("-5k"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseRate("NaN"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseRate("6M"));
        assertTrue(e.getMessage().contains("more than this generator can schedule"), e.getMessage());
    }

    @Test
    void shouldParseDurations()
    {
        assertEquals(10_000_000_000L, Units.parseDurationNs("10s"));
        assertEquals(10_000_000_000L, Units.parseDurationNs("10"));
        assertEquals(500_000_000L, Units.parseDurationNs("500ms"));
        assertEquals(120_000_000_000L, Units.parseDurationNs("2m"));
        assertEquals(1_500_000_000L, Units.parseDurationNs("1.5s"));
        assertEquals(0, Units.parseDurationNs("0s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDurationNs("-1s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseDurationNs("soon"));
    }

    @Test
    void shouldFormatNumbersForReports()
    {
        assertEquals("1.235", Units.ms(1_234_567));
        assertEquals("0.000", Units.ms(0));
        assertEquals("41,234", Units.count(41_233.6));
        assertEquals("83.5%", Units.percent(0.835));
    }
}
