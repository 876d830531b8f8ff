package io.stockring.server;

import io.grpc.stub.ServerCallStreamObserver;
import io.stockring.core.command.AlertLevel;
import io.stockring.core.concurrent.EventRing;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.StockEventListener;
import io.stockring.proto.v1.StockEvent;
import io.stockring.proto.v1.WatchStockRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Carries the writer's stock events to {@code WatchStock} subscribers without ever making the
 * writer wait: the writer writes each event into a preallocated {@link EventRing} of longs (no
 * allocation, no lock; a full ring drops the event and counts it), and a dispatcher thread turns
 * ids into codes, builds the messages and fans them out. Each subscriber has its own bounded
 * backlog, sent as its stream becomes ready; a subscriber too slow to keep up loses its oldest
 * events (counted), never anyone else's.
 */
public final class StockEventHub implements StockEventListener, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StockEventHub.class);
    private static final int RING = 65_536;
    private static final int BACKLOG = 4_096;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    // An event in the ring, as the writer saw it: ids, not codes.
    private static final int KIND = 0;     // 1 alert level changed, 2 low stock; bits 8..15 from + 1, 16..23 to + 1
    private static final int SEQ = 1;
    private static final int AT_MS = 2;
    private static final int KEY = 3;      // skuId << 32 | locationId
    private static final int AVAILABLE = 4;
    private static final int SAFETY = 5;
    private static final int REORDER = 6;
    private static final int WIDTH = 7;
    private static final int ALERT = 1;
    private static final int LOW_STOCK = 2;

    private final EventRing ring = new EventRing(RING, WIDTH);
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** Events a slow subscriber lost (counted on the dispatcher thread). */
    private final AtomicLong droppedForSubscribers = new AtomicLong();
    private final Thread dispatcher;
    private volatile Catalog catalog;
    private volatile AlertLevelSink alertSink;
    private volatile boolean running = true;

    /** Receives every alert-level change on the dispatcher thread (the metrics' set of non-GREEN entries). */
    @FunctionalInterface
    public interface AlertLevelSink
    {
        void onAlertLevel(int skuId, int locationId, AlertLevel level);
    }

    public StockEventHub()
    {
        dispatcher = new Thread(this::dispatch, "stockring-events");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** The catalog to name skus and locations by (known once the engine has recovered). */
    public void catalog(final Catalog catalog)
    {
        this.catalog = catalog;
    }

    /** Sets the one sink that sees every alert-level change (null: none); events then flow with no watcher. */
    public void alertSink(final AlertLevelSink sink)
    {
        this.alertSink = sink;
    }

    /** Events lost: the ring was full, or a subscriber's backlog was. */
    public long droppedEvents()
    {
        return ring.dropped() + droppedForSubscribers.get();
    }

    public int subscriberCount()
    {
        return subscribers.size();
    }

    // ---- the writer thread: no allocation, no lock, no wait ----

    @Override
    public void onAlertLevelChanged(final long seq, final long timestampMs, final int skuId, final int locationId,
        final AlertLevel from, final AlertLevel to, final long available, final long safetyStock)
    {
        if (subscribers.isEmpty() && alertSink == null)
        {
            return;
        }
        offer(ALERT | (from.code() + 1) << 8 | (to.code() + 1) << 16, seq, timestampMs, skuId, locationId, available,
            safetyStock, 0);
    }

    @Override
    public void onLowStock(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long available, final long reorderPoint)
    {
        if (subscribers.isEmpty())
        {
            return;
        }
        offer(LOW_STOCK, seq, timestampMs, skuId, locationId, available, 0, reorderPoint);
    }

    private void offer(final int kind, final long seq, final long timestampMs, final int skuId, final int locationId,
        final long available, final long safetyStock, final long reorderPoint)
    {
        final int i = ring.claim();
        if (i < 0)
        {
            return;
        }
        final long[] w = ring.words();
        w[i + KIND] = kind;
        w[i + SEQ] = seq;
        w[i + AT_MS] = timestampMs;
        w[i + KEY] = (long)skuId << 32 | (locationId & 0xFFFF_FFFFL);
        w[i + AVAILABLE] = available;
        w[i + SAFETY] = safetyStock;
        w[i + REORDER] = reorderPoint;
        ring.publish();
    }

    // ---- the dispatcher thread ----

    /** Registers a WatchStock call; events flow until the client cancels or the server stops. */
    public void subscribe(final WatchStockRequest request, final ServerCallStreamObserver<StockEvent> stream)
    {
        final Subscriber s = new Subscriber(request, stream);
        stream.setOnCancelHandler(() -> subscribers.remove(s));
        stream.setOnReadyHandler(s::drain);
        subscribers.add(s);
    }

    private void dispatch()
    {
        final EventRing.Reader reader = this::dispatch;
        while (running)
        {
            if (ring.drain(reader) == 0)
            {
                // Events are rare (alert-level changes): a short nap keeps this thread off the cores.
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    private void dispatch(final long[] w, final int i)
    {
        final Catalog catalog = this.catalog;
        if (catalog == null)
        {
            return;
        }
        final int kind = (int)w[i + KIND];
        final int skuId = (int)(w[i + KEY] >>> 32);
        final int locationId = (int)w[i + KEY];
        final AlertLevel from = level(kind >>> 8);
        final AlertLevel to = level(kind >>> 16);
        final AlertLevelSink sink = alertSink;
        if (sink != null && to != null)
        {
            try
            {
                sink.onAlertLevel(skuId, locationId, to);
            }
            catch (final RuntimeException e)
            {
                LOG.warn("event=alert_sink_failed error=\"{}\"", e.toString(), e);
            }
        }
        if (subscribers.isEmpty())
        {
            return;
        }
        final Catalog.Item item = catalog.item(skuId);
        final Catalog.Location location = catalog.location(locationId);
        if (item == null || location == null)
        {
            return;
        }
        final StockEvent.Builder b = StockEvent.newBuilder()
            .setKind((kind & 0xFF) == ALERT ? StockEvent.Kind.KIND_ALERT_LEVEL_CHANGED : StockEvent.Kind.KIND_LOW_STOCK)
            .setSku(item.code())
            .setLocation(location.code())
            .setAvailable(w[i + AVAILABLE])
            .setSafetyStock(w[i + SAFETY])
            .setReorderPoint(w[i + REORDER])
            .setSeq(w[i + SEQ])
            .setTimestampMs(w[i + AT_MS]);
        if (from != null && to != null)
        {
            b.setFromLevel(ProtoMapping.alertLevel(from)).setToLevel(ProtoMapping.alertLevel(to));
        }
        final StockEvent event = b.build();
        for (final Subscriber s : subscribers)
        {
            if (s.wants(event))
            {
                s.enqueue(event);
            }
        }
    }

    /** A level packed as its code + 1 (0: none). */
    private static AlertLevel level(final int packed)
    {
        final int code = (packed & 0xFF) - 1;
        return code < 0 ? null : AlertLevel.fromCode(code);
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(dispatcher);
        for (final Subscriber s : subscribers)
        {
            s.finish();
        }
        subscribers.clear();
    }

    private final class Subscriber
    {
        private final Set<String> skus;
        private final Set<String> locations;
        private final ServerCallStreamObserver<StockEvent> stream;
        private final ArrayDeque<StockEvent> backlog = new ArrayDeque<>();
        private boolean done;

        Subscriber(final WatchStockRequest request, final ServerCallStreamObserver<StockEvent> stream)
        {
            this.skus = new HashSet<>(request.getSkusList());
            this.locations = new HashSet<>(request.getLocationsList());
            this.stream = stream;
        }

        boolean wants(final StockEvent e)
        {
            return (skus.isEmpty() || skus.contains(e.getSku())) &&
                (locations.isEmpty() || locations.contains(e.getLocation()));
        }

        synchronized void enqueue(final StockEvent e)
        {
            if (backlog.size() == BACKLOG)
            {
                backlog.poll();
                droppedForSubscribers.incrementAndGet();
            }
            backlog.add(e);
            drain();
        }

        synchronized void drain()
        {
            try
            {
                while (!done && !backlog.isEmpty() && stream.isReady())
                {
                    stream.onNext(backlog.poll());
                }
            }
            catch (final RuntimeException e)
            {
                LOG.debug("event=watch_send_failed error=\"{}\"", e.toString());
                done = true;
                subscribers.remove(this);
            }
        }

        synchronized void finish()
        {
            if (!done)
            {
                done = true;
                try
                {
                    stream.onCompleted();
                }
                catch (final RuntimeException ignored)
                {
                    // the call is already gone
                }
            }
        }
    }
}
