package io.stockring.ledger;

import net.openhft.chronicle.values.Array;

/** The off-heap value of one reservation, laid out by {@link ReservationRecord}. */
public interface ReservationWords
{
    @Array(length = ReservationRecord.WORDS)
    long getWordAt(int index);

    void setWordAt(int index, long value);
}
