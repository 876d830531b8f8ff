package io.stockring.ledger;

import net.openhft.chronicle.values.Group;

/**
 * The key of an idempotency record: a 128-bit hash of the client's request id (see
 * {@link RequestKeys}). Fixed-size, so a look-up neither encodes nor compares a string.
 */
public interface RequestKey
{
    @Group(0)
    long getHi();

    void setHi(long hi);

    @Group(1)
    long getLo();

    void setLo(long lo);
}
