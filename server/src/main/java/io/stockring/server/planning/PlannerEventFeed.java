package io.stockring.server.planning;

import io.stockring.core.concurrent.EventRing;
import io.stockring.core.ledger.StockEventListener;

/**
 * The writer's stockout and low-stock events, carried to the planner's collector thread through
 * an {@link EventRing} of primitive longs: no allocation, no lock, no wait on the writer thread.
 * A full ring drops the event and counts it (a stockout dropped only blurs a KPI; a low-stock
 * event dropped is caught by the next scheduled run).
 *
 * <p>Producer: the engine's writer thread. Consumer: the collector thread ({@link #drain}).
 */
public final class PlannerEventFeed implements StockEventListener
{
    /** What {@link #drain} hands over. */
    public interface Handler
    {
        void onStockout(int skuId, int locationId, long requested);

        void onLowStock(int skuId, int locationId, long available, long reorderPoint);
    }

    private static final int STOCKOUT = 1;
    private static final int LOW_STOCK = 2;

    private final EventRing ring;

    /** @param capacity events held at most; a power of two */
    public PlannerEventFeed(final int capacity)
    {
        ring = new EventRing(capacity, 4);
    }

    @Override
    public void onStockout(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long requested)
    {
        offer(STOCKOUT, skuId, locationId, requested, 0);
    }

    @Override
    public void onLowStock(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long available, final long reorderPoint)
    {
        offer(LOW_STOCK, skuId, locationId, available, reorderPoint);
    }

    private void offer(final int kind, final int skuId, final int locationId, final long a, final long b)
    {
        final int i = ring.claim();
        if (i < 0)
        {
            return;
        }
        final long[] w = ring.words();
        w[i] = kind;
        w[i + 1] = ((long)skuId << 32) | (locationId & 0xFFFF_FFFFL);
        w[i + 2] = a;
        w[i + 3] = b;
        ring.publish();
    }

    /** Hands every event published so far to {@code handler}; returns how many. */
    public int drain(final Handler handler)
    {
        return ring.drain((w, i) ->
        {
            final int skuId = (int)(w[i + 1] >>> 32);
            final int locationId = (int)w[i + 1];
            if (w[i] == STOCKOUT)
            {
                handler.onStockout(skuId, locationId, w[i + 2]);
            }
            else
            {
                handler.onLowStock(skuId, locationId, w[i + 2], w[i + 3]);
            }
        });
    }

    public long droppedEvents()
    {
        return ring.dropped();
    }
}
