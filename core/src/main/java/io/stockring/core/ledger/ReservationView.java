package io.stockring.core.ledger;

import io.stockring.core.command.ReservationState;

import java.util.List;

/** A read of one reservation. Lines on the same (sku, location) appear summed into one. */
public record ReservationView(long id, String channel, ReservationState state, long createdAtMs, long expiresAtMs,
    long finishedAtMs, List<Line> lines)
{
    /** One reserved line. */
    public record Line(String sku, String location, long quantity)
    {
    }
}
