package io.stockring.core.ledger;

/**
 * How many entries each persisted map is sized for. Running out of room is answered with
 * {@code LEDGER_FULL}, never a crash: the writer counts entries and refuses before inserting.
 */
public record LedgerCapacity(long items, long locations, long stockEntries, long reservations, long requestIds)
{
    public LedgerCapacity
    {
        if (items < 1 || locations < 1 || stockEntries < 1 || reservations < 1 || requestIds < 1)
        {
            throw new IllegalArgumentException("every ledger capacity must be at least 1: " + this);
        }
        if (items >= Integer.MAX_VALUE || locations >= Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("item and location ids are 32-bit: " + this);
        }
    }

    /**
     * Sized for a peak hour of a large programme: 1,000 redemptions a second for an hour is 3.6 M
     * reservations and, each confirmed or released, 7.2 M request outcomes inside their 24 h
     * retention. The record rings are written out in full when created: about 1.9 GB for these
     * two tables, and as much again for the snapshot replica (README, "Where data lives").
     */
    public static LedgerCapacity defaults()
    {
        return new LedgerCapacity(100_000, 10_000, 1_000_000, 4_000_000, 8_000_000);
    }

    public static LedgerCapacity small()
    {
        return new LedgerCapacity(1_000, 100, 10_000, 20_000, 40_000);
    }
}
