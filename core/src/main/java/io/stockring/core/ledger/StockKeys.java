package io.stockring.core.ledger;

/** A stock entry's key packs the sku id (high 32 bits) and the location id (low 32 bits). */
public final class StockKeys
{
    private StockKeys()
    {
    }

    public static long of(final int skuId, final int locationId)
    {
        return ((long)skuId << 32) | (locationId & 0xFFFF_FFFFL);
    }

    public static int skuId(final long key)
    {
        return (int)(key >>> 32);
    }

    public static int locationId(final long key)
    {
        return (int)key;
    }
}
