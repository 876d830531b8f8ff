package io.stockring.core.ledger;

import io.stockring.core.command.AlertLevel;

/**
 * Events the writer emits as it applies commands. Called on the writer thread, in sequence
 * order, also during replay (a consumer de-duplicates by {@code seq}): implementations must be
 * quick and must not block, typically handing the event to another thread.
 */
public interface StockEventListener
{
    StockEventListener NONE = new StockEventListener()
    {
    };

    /** The alert level of a (sku, location) entry changed. */
    default void onAlertLevelChanged(final long seq, final long timestampMs, final int skuId, final int locationId,
        final AlertLevel from, final AlertLevel to, final long available, final long safetyStock)
    {
    }

    /** Available stock fell to or below the reorder point the planner set (it was above it). */
    default void onLowStock(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long available, final long reorderPoint)
    {
    }

    /** Goods left (a Confirm): the planner's demand history is built from these. */
    default void onOutbound(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long quantity)
    {
    }

    /**
     * A reserve was refused because this entry had less available than asked: demand the ledger
     * could not serve, which the planner adds back to what shipped (censored demand) and counts
     * as a stockout.
     */
    default void onStockout(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long requested)
    {
    }
}
