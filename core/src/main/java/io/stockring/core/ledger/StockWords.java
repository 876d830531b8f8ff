package io.stockring.core.ledger;

import net.openhft.chronicle.values.Array;

/**
 * The off-heap value of one stock entry: {@link StockEntry#WORDS} longs, laid out by {@link StockEntry}.
 * Chronicle Values generates the flyweight that points into the map's memory.
 */
public interface StockWords
{
    @Array(length = StockEntry.WORDS)
    long getWordAt(int index);

    void setWordAt(int index, long value);
}
