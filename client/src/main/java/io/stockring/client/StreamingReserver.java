package io.stockring.client;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.ReserveBatch;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.ReserveResult;
import io.stockring.proto.v1.ReserveResults;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reserves over one {@code ReserveStream}, batching what is in flight (as TigerBeetle's clients
 * do): requests submitted while {@code maxBatchesInFlight} batches are out wait, and go together
 * in the next batch (up to {@code maxBatchSize}) as soon as one comes back. Under light load
 * every request goes out at once; under heavy load batches fill up by themselves.
 *
 * <p>Bounded: at most {@code 4 x maxBatchSize x maxBatchesInFlight} requests wait; beyond that
 * {@link #submit} fails at once with RESOURCE_EXHAUSTED. Thread-safe.
 */
public final class StreamingReserver implements AutoCloseable
{
    private record Pending(ReserveRequest request, CompletableFuture<ReserveResult> result)
    {
    }

    private final int maxBatchSize;
    private final int maxBatchesInFlight;
    private final int maxQueued;
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private final ArrayDeque<List<Pending>> inFlight = new ArrayDeque<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private ClientCallStreamObserver<ReserveBatch> stream;
    private Throwable failure;

    StreamingReserver(final InventoryGrpc.InventoryStub stub, final int maxBatchSize, final int maxBatchesInFlight)
    {
        if (maxBatchSize < 1 || maxBatchesInFlight < 1)
        {
            throw new IllegalArgumentException("batch size and batches in flight must be at least 1");
        }
        this.maxBatchSize = maxBatchSize;
        this.maxBatchesInFlight = maxBatchesInFlight;
        this.maxQueued = 4 * maxBatchSize * maxBatchesInFlight;
        stub.reserveStream(new ClientResponseObserver<ReserveBatch, ReserveResults>()
        {
            @Override
            public void beforeStart(final ClientCallStreamObserver<ReserveBatch> requestStream)
            {
                stream = requestStream;
                requestStream.setOnReadyHandler(StreamingReserver.this::flush);
            }

            @Override
            public void onNext(final ReserveResults results)
            {
                received(results);
            }

            @Override
            public void onError(final Throwable t)
            {
                fail(t);
            }

            @Override
            public void onCompleted()
            {
                fail(Status.UNAVAILABLE.withDescription("the server ended the stream").asRuntimeException());
                done.complete(null);
            }
        });
    }

    /** Queues one reservation; the future completes with its result (a code per request). */
    public CompletableFuture<ReserveResult> submit(final ReserveRequest request)
    {
        final CompletableFuture<ReserveResult> result = new CompletableFuture<>();
        synchronized (this)
        {
            if (failure != null)
            {
                result.completeExceptionally(failure);
                return result;
            }
            if (queued.size() >= maxQueued)
            {
                result.completeExceptionally(Status.RESOURCE_EXHAUSTED
                    .withDescription("client queue full: " + maxQueued + " requests waiting").asRuntimeException());
                return result;
            }
            queued.add(new Pending(request, result));
        }
        flush();
        return result;
    }

    /** Requests submitted but not yet answered. */
    public synchronized int outstanding()
    {
        int n = queued.size();
        for (final List<Pending> batch : inFlight)
        {
            n += batch.size();
        }
        return n;
    }

    private synchronized void flush()
    {
        while (failure == null && !queued.isEmpty() && inFlight.size() < maxBatchesInFlight && stream.isReady())
        {
            final int n = Math.min(maxBatchSize, queued.size());
            final List<Pending> batch = new ArrayList<>(n);
            final ReserveBatch.Builder message = ReserveBatch.newBuilder();
            for (int i = 0; i < n; i++)
            {
                final Pending p = queued.poll();
                batch.add(p);
                message.addRequests(p.request());
            }
            inFlight.add(batch);
            stream.onNext(message.build());
        }
    }

    private void received(final ReserveResults results)
    {
        final List<Pending> batch;
        synchronized (this)
        {
            batch = inFlight.poll();
        }
        if (batch == null || batch.size() != results.getResultsCount())
        {
            fail(Status.INTERNAL.withDescription("results do not match the batch sent").asRuntimeException());
            return;
        }
        for (int i = 0; i < batch.size(); i++)
        {
            batch.get(i).result().complete(results.getResults(i));
        }
        flush();
    }

    private void fail(final Throwable t)
    {
        final List<Pending> failed = new ArrayList<>();
        synchronized (this)
        {
            if (failure == null)
            {
                failure = t;
            }
            failed.addAll(queued);
            queued.clear();
            inFlight.forEach(failed::addAll);
            inFlight.clear();
        }
        failed.forEach(p -> p.result().completeExceptionally(t));
        done.complete(null);
    }

    /** Ends the stream after everything submitted so far has been answered. */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (failure != null)
            {
                return;
            }
        }
        while (outstanding() > 0 && !done.isDone())
        {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
        synchronized (this)
        {
            if (failure == null)
            {
                stream.onCompleted();
            }
        }
        done.join();
    }
}
