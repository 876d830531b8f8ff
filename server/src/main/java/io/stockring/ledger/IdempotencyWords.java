package io.stockring.ledger;

import net.openhft.chronicle.values.Array;

/** The off-heap value of one idempotency record, laid out by {@link IdempotencyRecord}. */
public interface IdempotencyWords
{
    @Array(length = IdempotencyRecord.WORDS)
    long getWordAt(int index);

    void setWordAt(int index, long value);
}
