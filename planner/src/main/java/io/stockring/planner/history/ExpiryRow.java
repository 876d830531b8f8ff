package io.stockring.planner.history;

import java.time.LocalDate;

/** Points of one points band that expire on one day (from the points system's expiry calendar). */
public record ExpiryRow(LocalDate day, String pointsBand, long points)
{
}
