package io.stockring.server;

import io.grpc.stub.ServerCallStreamObserver;
import io.stockring.core.command.AlertLevel;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.StockEventListener;
import io.stockring.proto.v1.StockEvent;
import io.stockring.proto.v1.WatchStockRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries the writer's stock events to {@code WatchStock} subscribers without ever making the
 * writer wait: the writer offers each event to a bounded queue (a full queue drops the event and
 * counts it), and a dispatcher thread fans events out. Each subscriber has its own bounded
 * backlog, sent as its stream becomes ready; a subscriber too slow to keep up loses its oldest
 * events (counted), never anyone else's.
 */
public final class StockEventHub implements StockEventListener, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StockEventHub.class);
    private static final int QUEUE = 65_536;
    private static final int BACKLOG = 4_096;

    /** An event as the writer saw it; ids are turned into codes on the dispatcher thread. */
    private record Raw(StockEvent.Kind kind, long seq, long timestampMs, int skuId, int locationId, AlertLevel from,
        AlertLevel to, long available, long safetyStock, long reorderPoint)
    {
    }

    private final BlockingQueue<Raw> queue = new ArrayBlockingQueue<>(QUEUE);
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
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

    public long droppedEvents()
    {
        return dropped.get();
    }

    public int subscriberCount()
    {
        return subscribers.size();
    }

    @Override
    public void onAlertLevelChanged(final long seq, final long timestampMs, final int skuId, final int locationId,
        final AlertLevel from, final AlertLevel to, final long available, final long safetyStock)
    {
        offer(new Raw(StockEvent.Kind.KIND_ALERT_LEVEL_CHANGED, seq, timestampMs, skuId, locationId, from, to,
            available, safetyStock, 0));
    }

    @Override
    public void onLowStock(final long seq, final long timestampMs, final int skuId, final int locationId,
        final long available, final long reorderPoint)
    {
        offer(new Raw(StockEvent.Kind.KIND_LOW_STOCK, seq, timestampMs, skuId, locationId, null, null, available, 0,
            reorderPoint));
    }

    private void offer(final Raw raw)
    {
        if (subscribers.isEmpty() && (alertSink == null || raw.to() == null))
        {
            return;
        }
        if (!queue.offer(raw))
        {
            dropped.incrementAndGet();
        }
    }

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
        while (running)
        {
            final Raw raw;
            try
            {
                raw = queue.poll(200, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException e)
            {
                return;
            }
            if (raw == null || catalog == null)
            {
                continue;
            }
            final AlertLevelSink sink = alertSink;
            if (sink != null && raw.to() != null)
            {
                try
                {
                    sink.onAlertLevel(raw.skuId(), raw.locationId(), raw.to());
                }
                catch (final RuntimeException e)
                {
                    LOG.warn("event=alert_sink_failed error=\"{}\"", e.toString(), e);
                }
            }
            if (subscribers.isEmpty())
            {
                continue;
            }
            final Catalog.Item item = catalog.item(raw.skuId());
            final Catalog.Location location = catalog.location(raw.locationId());
            if (item == null || location == null)
            {
                continue;
            }
            final StockEvent.Builder b = StockEvent.newBuilder()
                .setKind(raw.kind())
                .setSku(item.code())
                .setLocation(location.code())
                .setAvailable(raw.available())
                .setSafetyStock(raw.safetyStock())
                .setReorderPoint(raw.reorderPoint())
                .setSeq(raw.seq())
                .setTimestampMs(raw.timestampMs());
            if (raw.from() != null)
            {
                b.setFromLevel(ProtoMapping.alertLevel(raw.from())).setToLevel(ProtoMapping.alertLevel(raw.to()));
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
    }

    @Override
    public void close()
    {
        running = false;
        dispatcher.interrupt();
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
                dropped.incrementAndGet();
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
