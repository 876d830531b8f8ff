package io.stockring.server;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.stockring.core.command.ResultCode;
import io.stockring.engine.CommandSlot;
import io.stockring.engine.Engine;
import io.stockring.proto.v1.ReserveBatch;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.ReserveResult;
import io.stockring.proto.v1.ReserveResults;
import io.stockring.server.security.ReserveGate;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code ReserveStream} call: batches in, one {@link ReserveResults} per batch out, in order.
 *
 * <p>Flow control is manual and bounded: at most {@code maxBatchesInFlight} batches are taken
 * from the client before their results have been sent; results are sent only while the stream
 * is ready, and the next batch is requested only after one is sent. A slow reader therefore
 * slows its writer, and nothing is buffered without bound.
 *
 * <p>Each request first passes the stream's {@link ReserveGate.Admission} (its channel's rate
 * limit and access checks); a refused one gets its access code in its place in the results.
 *
 * <p>Threads: {@link #onNext} on a gRPC thread publishes; completions arrive on the engine's
 * writer thread, which only counts them down: the last of a batch hands the sending to
 * {@code sends} (building and serializing a thousand results is not the writer's work); onReady
 * on a gRPC thread. {@link #drain} is the only sender and never blocks: whichever thread asks
 * while another drains leaves the work to it (a missed-request counter, so no request is lost),
 * and exactly one thread sends at a time.
 */
final class ReserveStreamHandler implements StreamObserver<ReserveBatch>
{
    private final Engine engine;
    private final ServerCallStreamObserver<ReserveResults> out;
    private final long defaultTtlMs;
    private final ReserveGate.Admission admission;
    private final Executor sends;
    private final Queue<Batch> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger drainRequests = new AtomicInteger();
    private volatile boolean clientDone;
    private volatile boolean finished;

    ReserveStreamHandler(final Engine engine, final ServerCallStreamObserver<ReserveResults> out,
        final long defaultTtlMs, final int maxBatchesInFlight, final ReserveGate.Admission admission,
        final Executor sends)
    {
        this.sends = sends;
        this.engine = engine;
        this.out = out;
        this.defaultTtlMs = defaultTtlMs;
        this.admission = admission;
        out.disableAutoRequest();
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(this::cancelled);
        out.request(maxBatchesInFlight);
    }

    /** The results of one batch, filled in as its commands complete. */
    private final class Batch
    {
        final ReserveBatch requests;
        final int[] codes;
        final long[] values;
        final AtomicInteger remaining;

        Batch(final ReserveBatch requests)
        {
            this.requests = requests;
            final int n = requests.getRequestsCount();
            codes = new int[n];
            values = new long[n];
            remaining = new AtomicInteger(n);
        }

        void complete(final int index, final ResultCode code, final long value)
        {
            codes[index] = code.code();
            values[index] = value;
            if (remaining.decrementAndGet() == 0)
            {
                sends.execute(ReserveStreamHandler.this::drain);
            }
        }

        ReserveResults build()
        {
            final ReserveResults.Builder b = ReserveResults.newBuilder();
            for (int i = 0; i < codes.length; i++)
            {
                final ReserveRequest request = requests.getRequests(i);
                final ResultCode code = ResultCode.fromCode(codes[i]);
                final ReserveResult.Builder r = b.addResultsBuilder()
                    .setRequestId(request.getRequestId())
                    .setCodeValue(code.code());
                if (code == ResultCode.OK)
                {
                    r.setReservationId(Long.toString(values[i]));
                }
                else
                {
                    final String field = InventoryService.reserveField(code, request);
                    r.setMessage(code.name() + (field == null ? "" : ": " + field) + ": " + StatusMapper.describe(code));
                }
            }
            return b.build();
        }
    }

    @Override
    public void onNext(final ReserveBatch requests)
    {
        final Batch batch = new Batch(requests);
        pending.add(batch);
        final int n = requests.getRequestsCount();
        if (n == 0)
        {
            drain();
            return;
        }
        final CommandSlot command = new CommandSlot();
        for (int i = 0; i < n; i++)
        {
            final int index = i;
            final ReserveRequest request = requests.getRequests(i);
            ResultCode rc = admission.admit(request);
            if (rc == ResultCode.OK)
            {
                rc = InventoryService.fill(engine.requests(), command, request, defaultTtlMs);
            }
            if (rc == ResultCode.OK)
            {
                rc = engine.submit(command, slot -> batch.complete(index, slot.result, slot.resultValue));
            }
            if (rc != ResultCode.OK)
            {
                batch.complete(index, rc, 0);
            }
        }
    }

    /** Sends every finished batch at the head of the queue while the stream is ready. */
    private void drain()
    {
        if (drainRequests.getAndIncrement() != 0)
        {
            return;
        }
        int missed = 1;
        do
        {
            sendReady();
            missed = drainRequests.addAndGet(-missed);
        }
        while (missed != 0);
    }

    private void sendReady()
    {
        if (finished)
        {
            return;
        }
        Batch head;
        while ((head = pending.peek()) != null && head.remaining.get() == 0 && out.isReady())
        {
            pending.poll();
            out.onNext(head.build());
            out.request(1);
        }
        if (clientDone && pending.isEmpty())
        {
            finished = true;
            out.onCompleted();
        }
    }

    @Override
    public void onError(final Throwable t)
    {
        finished = true;
        pending.clear();
    }

    @Override
    public void onCompleted()
    {
        clientDone = true;
        drain();
    }

    private void cancelled()
    {
        finished = true;
        pending.clear();
    }
}
