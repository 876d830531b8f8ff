package io.stockring.core.ledger;

import io.stockring.core.command.AlertLevel;

import java.util.List;

/** Fans the writer's events out to several listeners, in the order given, on the writer thread. */
public final class StockEventListeners implements StockEventListener
{
    private final StockEventListener[] listeners;

    private StockEventListeners(final List<StockEventListener> listeners)
    {
        this.listeners = listeners.toArray(new StockEventListener[0]);
    }

    public static StockEventListener of(final StockEventListener... listeners)
    {
        return listeners.length == 1 ? listeners[0] : new StockEventListeners(List.of(listeners));
    }

    @Override
    public void onAlertLevelChanged(final long seq, final long timestampMs, final int skuId, final int locationId,
        final AlertLevel from, final AlertLevel to, final long available, final long safetyStock)
    {
        for (final StockEventListener l : listeners)
        {
            l.onAlertLevelChanged(seq, timestampMs, skuId, locationId, from, to, available, safetyStock);
        }
    }

    @Override
    public void onLowStock(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long available, final long reorderPoint)
    {
        for (final StockEventListener l : listeners)
        {
            l.onLowStock(seq, timestampMs, skuId, locationId, available, reorderPoint);
        }
    }

    @Override
    public void onOutbound(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long quantity)
    {
        for (final StockEventListener l : listeners)
        {
            l.onOutbound(seq, timestampMs, skuId, locationId, quantity);
        }
    }

    @Override
    public void onStockout(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long requested)
    {
        for (final StockEventListener l : listeners)
        {
            l.onStockout(seq, timestampMs, skuId, locationId, requested);
        }
    }
}
