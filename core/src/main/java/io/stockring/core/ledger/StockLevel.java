package io.stockring.core.ledger;

import io.stockring.core.command.AlertLevel;

/**
 * A read of one (sku, location) entry, consistent in itself. {@code shippedTotal} counts every unit
 * ever confirmed out of the entry: the difference of two reads is the outbound in between.
 */
public record StockLevel(String sku, String location, long onHand, long reserved, long inTransit, long safetyStock,
    long reorderPoint, long lastOutboundMs, long shippedTotal, long seq)
{
    public long available()
    {
        return onHand - reserved;
    }

    public AlertLevel alertLevel()
    {
        return AlertLevel.of(available(), safetyStock);
    }
}
