package io.stockring.server;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.stockring.core.command.Limits;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.ReservationView;
import io.stockring.core.ledger.StockLevel;
import io.stockring.core.request.CommandRequests;
import io.stockring.engine.CommandSlot;
import io.stockring.engine.Engine;
import io.stockring.proto.v1.ConfirmRequest;
import io.stockring.proto.v1.GetReservationRequest;
import io.stockring.proto.v1.GetStockRequest;
import io.stockring.proto.v1.GetStockResponse;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.ReleaseRequest;
import io.stockring.proto.v1.Reservation;
import io.stockring.proto.v1.ReservationState;
import io.stockring.proto.v1.ReserveBatch;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.ReserveResults;
import io.stockring.proto.v1.StockEvent;
import io.stockring.proto.v1.WatchStockRequest;
import io.stockring.server.security.ReserveGate;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The channel-facing service: the Adapter that turns wire requests into engine commands. It
 * validates and resolves on the gRPC thread, publishes without blocking (a full ring is
 * RESOURCE_EXHAUSTED at once), and answers from the engine's writer thread when the command is
 * durable and applied.
 */
final class InventoryService extends InventoryGrpc.InventoryImplBase
{
    private final Engine engine;
    private final StockEventHub events;
    private final long defaultTtlMs;
    private final int maxBatchesInFlight;
    private final ReserveGate gate;
    private final Executor streamSends;

    /** Open access, stream results sent from the common pool: for tests. */
    InventoryService(final Engine engine, final StockEventHub events, final long defaultTtlMs,
        final int maxBatchesInFlight)
    {
        this(engine, events, defaultTtlMs, maxBatchesInFlight, ReserveGate.OPEN, ForkJoinPool.commonPool());
    }

    /**
     * @param gate        the access checks of each ReserveStream item (unary calls are checked by the interceptor)
     * @param streamSends where a ReserveStream's finished batch is built and sent, off the writer thread
     */
    InventoryService(final Engine engine, final StockEventHub events, final long defaultTtlMs,
        final int maxBatchesInFlight, final ReserveGate gate, final Executor streamSends)
    {
        this.engine = engine;
        this.events = events;
        this.defaultTtlMs = defaultTtlMs;
        this.maxBatchesInFlight = maxBatchesInFlight;
        this.gate = gate;
        this.streamSends = streamSends;
    }

    @Override
    public void reserve(final ReserveRequest request, final StreamObserver<Reservation> response)
    {
        final CommandSlot command = new CommandSlot();
        final ResultCode rc = fill(engine.requests(), command, request, defaultTtlMs);
        if (rc != ResultCode.OK)
        {
            response.onError(StatusMapper.toException(rc, reserveField(rc, request), null));
            return;
        }
        EngineCalls.submit(engine, command, response, slot -> reserveReply(slot, request),
            slot -> reserveDetail(slot, request));
    }

    @Override
    public void confirm(final ConfirmRequest request, final StreamObserver<Reservation> response)
    {
        finish(request.getRequestId(), request.getReservationId(), true, response);
    }

    @Override
    public void release(final ReleaseRequest request, final StreamObserver<Reservation> response)
    {
        finish(request.getRequestId(), request.getReservationId(), false, response);
    }

    private void finish(final String requestId, final String reservationId, final boolean confirm,
        final StreamObserver<Reservation> response)
    {
        final long id = ReservationIds.parse(reservationId);
        final CommandSlot command = new CommandSlot();
        final ResultCode rc = confirm ? engine.requests().confirm(command, requestId, id) :
            engine.requests().release(command, requestId, id);
        if (rc != ResultCode.OK)
        {
            response.onError(StatusMapper.toException(rc, rc == ResultCode.INVALID_REQUEST_ID ? "request_id" :
                "reservation_id", null));
            return;
        }
        EngineCalls.submit(engine, command, response, slot -> reservationReply(slot.resultValue),
            slot -> "reservation " + reservationId);
    }

    @Override
    public void getReservation(final GetReservationRequest request, final StreamObserver<Reservation> response)
    {
        final long id = ReservationIds.parse(request.getReservationId());
        if (id == 0)
        {
            response.onError(StatusMapper.toException(ResultCode.INVALID_RESERVATION_ID, "reservation_id", null));
            return;
        }
        final Optional<ReservationView> r = engine.reservation(id);
        if (r.isEmpty())
        {
            response.onError(StatusMapper.toException(ResultCode.UNKNOWN_RESERVATION, null,
                "reservation " + request.getReservationId()));
            return;
        }
        response.onNext(ProtoMapping.reservation(r.get()));
        response.onCompleted();
    }

    @Override
    public void getStock(final GetStockRequest request, final StreamObserver<GetStockResponse> response)
    {
        final String sku = request.getSku();
        if (!CommandRequests.isAscii(sku, Limits.MAX_CODE_LENGTH))
        {
            response.onError(StatusMapper.toException(ResultCode.INVALID_CODE, "sku", null));
            return;
        }
        final Catalog catalog = engine.catalog();
        if (catalog.item(sku) == null)
        {
            response.onError(StatusMapper.toException(ResultCode.UNKNOWN_SKU, null, "sku " + sku));
            return;
        }
        final GetStockResponse.Builder out = GetStockResponse.newBuilder();
        final String location = request.getLocation();
        if (location.isEmpty())
        {
            for (final StockLevel level : engine.stockOfSku(sku))
            {
                out.addLevels(ProtoMapping.stockLevel(level));
            }
        }
        else
        {
            if (catalog.location(location) == null)
            {
                response.onError(StatusMapper.toException(ResultCode.UNKNOWN_LOCATION, null, "location " + location));
                return;
            }
            out.addLevels(engine.stock(sku, location).map(ProtoMapping::stockLevel)
                .orElse(ProtoMapping.emptyLevel(sku, location)));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public StreamObserver<ReserveBatch> reserveStream(final StreamObserver<ReserveResults> response)
    {
        return new ReserveStreamHandler(engine, (ServerCallStreamObserver<ReserveResults>)response, defaultTtlMs,
            maxBatchesInFlight, gate.open(), streamSends);
    }

    @Override
    public void watchStock(final WatchStockRequest request, final StreamObserver<StockEvent> response)
    {
        events.subscribe(request, (ServerCallStreamObserver<StockEvent>)response);
    }

    // ------------------------------------------------------------------ shared with the stream handler

    /** Fills {@code command} from a wire request; the result says what is wrong with it, if anything. */
    static ResultCode fill(final CommandRequests requests, final CommandSlot command, final ReserveRequest request,
        final long defaultTtlMs)
    {
        final int n = request.getLinesCount();
        final String[] skus = new String[n];
        final String[] locations = new String[n];
        final long[] quantities = new long[n];
        for (int i = 0; i < n; i++)
        {
            final ReserveLine line = request.getLines(i);
            skus[i] = line.getSku();
            locations[i] = line.getLocation();
            quantities[i] = line.getQuantity();
        }
        final long ttlMs = request.getTtlSeconds() == 0 ? defaultTtlMs : request.getTtlSeconds() * 1000L;
        return requests.reserve(command, request.getRequestId(), request.getChannel(), skus, locations, quantities, n,
            ttlMs);
    }

    /** Which field of a ReserveRequest a validation code is about. */
    static String reserveField(final ResultCode rc, final ReserveRequest request)
    {
        switch (rc)
        {
            case INVALID_REQUEST_ID:
                return "request_id";
            case INVALID_CHANNEL:
                return "channel";
            case NO_LINES:
            case TOO_MANY_LINES:
                return "lines";
            case INVALID_TTL:
                return "ttl_seconds";
            case INVALID_QUANTITY:
            case INVALID_CODE:
            {
                final List<ReserveLine> lines = request.getLinesList();
                for (int i = 0; i < lines.size(); i++)
                {
                    final ReserveLine l = lines.get(i);
                    if (rc == ResultCode.INVALID_QUANTITY && (l.getQuantity() <= 0 ||
                        l.getQuantity() > io.stockring.core.command.Limits.MAX_QUANTITY))
                    {
                        return "lines[" + i + "].quantity";
                    }
                    if (rc == ResultCode.INVALID_CODE)
                    {
                        if (!CommandRequests.isAscii(l.getSku(), Limits.MAX_CODE_LENGTH))
                        {
                            return "lines[" + i + "].sku";
                        }
                        if (!CommandRequests.isAscii(l.getLocation(), Limits.MAX_CODE_LENGTH))
                        {
                            return "lines[" + i + "].location";
                        }
                    }
                }
                return "lines";
            }
            default:
                return null;
        }
    }

    /** Words for a failed Reserve: which line, which sku at which location. */
    static String reserveDetail(final CommandSlot slot, final ReserveRequest request)
    {
        final ResultCode rc = slot.result;
        if ((rc == ResultCode.INSUFFICIENT_STOCK || rc.isNotFound()) && slot.resultValue >= 0 &&
            slot.resultValue < request.getLinesCount())
        {
            final ReserveLine line = request.getLines((int)slot.resultValue);
            return "lines[" + slot.resultValue + "]: sku " + line.getSku() + " at " + line.getLocation();
        }
        return null;
    }

    /**
     * A Reserve's reply, on the writer thread. A hold this command created is described by the
     * command itself (the reservation's id is its sequence), without a read of the ledger; a retry
     * reads the reservation back (it may have been confirmed since), and so does a request that
     * named one entry on two lines (the ledger keeps them merged).
     */
    private Reservation reserveReply(final CommandSlot slot, final ReserveRequest request)
    {
        if (slot.resultValue != slot.seq || hasRepeatedEntry(slot))
        {
            return reservationReply(slot.resultValue);
        }
        return Reservation.newBuilder()
            .setReservationId(Long.toString(slot.seq))
            .setChannel(request.getChannel())
            .setState(ReservationState.RESERVATION_STATE_HELD)
            .setCreatedAtMs(slot.timestampMs)
            .setExpiresAtMs(slot.timestampMs + slot.ttlMs)
            .addAllLines(request.getLinesList())
            .build();
    }

    private static boolean hasRepeatedEntry(final CommandSlot slot)
    {
        for (int i = 1; i < slot.lineCount; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (slot.lineSkuIds[i] == slot.lineSkuIds[j] && slot.lineLocationIds[i] == slot.lineLocationIds[j])
                {
                    return true;
                }
            }
        }
        return false;
    }

    private Reservation reservationReply(final long id)
    {
        return engine.reservation(id).map(ProtoMapping::reservation)
            .orElseGet(() -> Reservation.newBuilder().setReservationId(Long.toString(id)).build());
    }
}
