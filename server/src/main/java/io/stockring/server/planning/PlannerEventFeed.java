package io.stockring.server.planning;

import io.stockring.core.ledger.StockEventListener;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer's stockout and low-stock events, carried to the planner's collector thread through
 * a single-producer single-consumer ring of primitive longs: no allocation, no lock, no wait on
 * the writer thread. A full ring drops the event and counts it (a stockout dropped only blurs a
 * KPI; a low-stock event dropped is caught by the next scheduled run).
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
    private static final int WORDS_PER_EVENT = 4;

    private final long[] ring;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private long cachedHead;

    /** @param capacity events held at most; a power of two */
    public PlannerEventFeed(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        ring = new long[capacity * WORDS_PER_EVENT];
        mask = capacity - 1;
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
        final long t = tail.get();
        if (t - cachedHead > mask)
        {
            cachedHead = head.get();
            if (t - cachedHead > mask)
            {
                dropped.incrementAndGet();
                return;
            }
        }
        final int i = (int)(t & mask) * WORDS_PER_EVENT;
        ring[i] = kind;
        ring[i + 1] = ((long)skuId << 32) | (locationId & 0xFFFF_FFFFL);
        ring[i + 2] = a;
        ring[i + 3] = b;
        tail.lazySet(t + 1);
    }

    /** Hands every event published so far to {@code handler}; returns how many. */
    public int drain(final Handler handler)
    {
        final long t = tail.get();
        long h = head.get();
        final int count = (int)(t - h);
        for (; h < t; h++)
        {
            final int i = (int)(h & mask) * WORDS_PER_EVENT;
            final int skuId = (int)(ring[i + 1] >>> 32);
            final int locationId = (int)ring[i + 1];
            if (ring[i] == STOCKOUT)
            {
                handler.onStockout(skuId, locationId, ring[i + 2]);
            }
            else
            {
                handler.onLowStock(skuId, locationId, ring[i + 2], ring[i + 3]);
            }
        }
        head.lazySet(t);
        return count;
    }

    public long droppedEvents()
    {
        return dropped.get();
    }
}
