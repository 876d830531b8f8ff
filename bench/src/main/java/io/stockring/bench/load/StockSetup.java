package io.stockring.bench.load;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.stockring.proto.v1.GetStockRequest;
import io.stockring.proto.v1.GetStockResponse;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.Item;
import io.stockring.proto.v1.Location;
import io.stockring.proto.v1.LocationKind;
import io.stockring.proto.v1.ReceiveRequest;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.StockLevel;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * Creates the load's location, items and stock through the StockAdmin RPCs, before anything is
 * measured. Request ids are deterministic ({@code setup-TAG-item-SKU}, {@code setup-TAG-receive-SKU-QTY}),
 * so running the setup again against the same server changes nothing; a new {@code --setup-tag}
 * receives again. Calls are pipelined ({@value #WINDOW} in flight).
 */
final class StockSetup
{
    static final String LOCATION = "LOAD-WH";
    /** Where the transfer scenario moves stock to. */
    static final String STORE = "LOAD-ST";
    static final int WINDOW = 256;
    private static final long DEADLINE_MS = 30_000;

    private final Channel channel;
    private final PrintStream progress;

    StockSetup(final Channel channel, final PrintStream progress)
    {
        this.channel = channel;
        this.progress = progress;
    }

    static String[] skuCodes(final int n)
    {
        final String[] codes = new String[n];
        for (int i = 0; i < n; i++)
        {
            codes[i] = String.format(Locale.ROOT, "LD%06d", i);
        }
        return codes;
    }

    /** Location, items, and {@code stockPerSku} of each (SKU 0, the hot one, gets {@code hotStock}). */
    void create(final String[] skus, final long stockPerSku, final long hotStock, final String tag)
        throws InterruptedException
    {
        final long t0 = System.nanoTime();
        final StockAdminGrpc.StockAdminBlockingStub blocking = StockAdminGrpc.newBlockingStub(channel)
            .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
        blocking.upsertLocation(Location.newBuilder().setRequestId("setup-" + tag + "-location-" + LOCATION)
            .setCode(LOCATION).setName("load test warehouse").setKind(LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE)
            .build());
        blocking.upsertLocation(Location.newBuilder().setRequestId("setup-" + tag + "-location-" + STORE)
            .setCode(STORE).setName("load test store").setParent(LOCATION).setKind(LocationKind.LOCATION_KIND_STORE)
            .build());
        final StockAdminGrpc.StockAdminStub admin = StockAdminGrpc.newStub(channel);
        pipelined("items", skus.length, i -> (obs) -> admin.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
            .upsertItem(Item.newBuilder().setRequestId("setup-" + tag + "-item-" + skus[i]).setSku(skus[i])
                .setName("load gift " + i).setCategory("load").build(), observer(obs)));
        pipelined("receive", skus.length, i ->
        {
            final long q = i == 0 ? hotStock : stockPerSku;
            return (obs) -> admin.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS).receive(ReceiveRequest
                .newBuilder().setRequestId("setup-" + tag + "-receive-" + skus[i] + "-" + q).setSku(skus[i])
                .setLocation(LOCATION).setQuantity(q).build(), observer(obs));
        });
        progress.printf("[setup] %,d items with stock at %s in %.1f s%n", skus.length, LOCATION,
            (System.nanoTime() - t0) / 1e9);
    }

    /** On-hand and reserved of every SKU at the load location: {@code [0][i]} on hand, {@code [1][i]} reserved. */
    long[][] levels(final String[] skus) throws InterruptedException
    {
        final long[][] out = new long[2][skus.length];
        final InventoryGrpc.InventoryStub inventory = InventoryGrpc.newStub(channel);
        pipelined("levels", skus.length, i -> (obs) -> inventory.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
            .getStock(GetStockRequest.newBuilder().setSku(skus[i]).setLocation(LOCATION).build(),
                new StreamObserver<GetStockResponse>()
                {
                    @Override
                    public void onNext(final GetStockResponse value)
                    {
                        if (value.getLevelsCount() > 0)
                        {
                            final StockLevel level = value.getLevels(0);
                            out[0][i] = level.getOnHand();
                            out[1][i] = level.getReserved();
                        }
                    }

                    @Override
                    public void onError(final Throwable t)
                    {
                        obs.accept(false, t);
                    }

                    @Override
                    public void onCompleted()
                    {
                        obs.accept(true, null);
                    }
                }));
        return out;
    }

    private static <T> StreamObserver<T> observer(final BiConsumer<Boolean, Throwable> done)
    {
        return new StreamObserver<>()
        {
            @Override
            public void onNext(final T value)
            {
            }

            @Override
            public void onError(final Throwable t)
            {
                done.accept(false, t);
            }

            @Override
            public void onCompleted()
            {
                done.accept(true, null);
            }
        };
    }

    /** One call: given its completion callback, starts it. */
    private interface Call
    {
        void start(BiConsumer<Boolean, Throwable> done);
    }

    private void pipelined(final String what, final int n, final IntFunction<Call> calls) throws InterruptedException
    {
        final Semaphore window = new Semaphore(WINDOW);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong failures = new AtomicLong();
        for (int i = 0; i < n && failure.get() == null; i++)
        {
            window.acquire();
            calls.apply(i).start((ok, t) ->
            {
                if (!ok)
                {
                    failures.incrementAndGet();
                    failure.compareAndSet(null, t);
                }
                window.release();
            });
        }
        if (!window.tryAcquire(WINDOW, 2 * DEADLINE_MS, TimeUnit.MILLISECONDS))
        {
            throw new IllegalStateException("setup (" + what + ") did not finish in time");
        }
        if (failure.get() != null)
        {
            throw new IllegalStateException("setup (" + what + ") failed " + failures.get() + " time(s), first: " +
                ReserveWorkload.reason(failure.get()) + ": " + failure.get().getMessage());
        }
    }
}
