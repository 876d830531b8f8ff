package io.stockring.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReservationIdsTest
{
    @Test
    void parsesPositiveDecimalsAndRefusesEverythingElse()
    {
        assertEquals(42, ReservationIds.parse("42"));
        assertEquals(999_999_999_999_999_999L, ReservationIds.parse("999999999999999999"));
        assertEquals(0, ReservationIds.parse("9999999999999999999"), "19 digits could overflow a long: refused");
        assertEquals(0, ReservationIds.parse(""));
        assertEquals(0, ReservationIds.parse(null));
        assertEquals(0, ReservationIds.parse("-5"));
        assertEquals(0, ReservationIds.parse("12a"));
        assertEquals(0, ReservationIds.parse(" 12"));
    }
}
