package io.stockring.bench.load;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.stockring.client.StockringClient;
import io.stockring.client.StreamingReserver;
import io.stockring.proto.v1.ConfirmRequest;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.ReleaseRequest;
import io.stockring.proto.v1.Reservation;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.ReserveResult;
import io.stockring.proto.v1.ResultCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reserve (unary through {@link StockringClient#reserveAsync}, or batched over one
 * {@code ReserveStream} through {@link StreamingReserver}), then the scenario's confirm or
 * release as a unary call. Every request id is the run id and a counter, so ids never repeat
 * within a run or across runs. What is acknowledged goes into the {@link Books}.
 */
final class ReserveWorkload implements Workload
{
    static final String CHANNEL = "load";
    private static final ByteString CHANNEL_BYTES = ByteString.copyFromUtf8(CHANNEL);

    private final StockringClient[] clients;
    private final InventoryGrpc.InventoryStub[] inventory;
    private final StreamingReserver[] reservers;
    private final Carts carts;
    private final Books books;
    private final String[] skuCodes;
    /**
     * Each sku's line for one unit, built on first use and reused, its codes held as bytes:
     * protobuf messages are immutable and cache their size, and bytes fields are copied, not
     * encoded again, when a request is written. Building, sizing and encoding lines and ids had
     * been over a third of the generator's event-loop thread in a ReserveStream run, CPU the
     * in-process server was then short of. Racy initialisation is fine: any copy is the same line.
     */
    private final ReserveLine[] unitLines;
    private final ByteString locationBytes;
    private final String location;
    private final String idPrefix;
    private final AtomicLong ids;
    private final int ttlSeconds;
    private final boolean expiring;
    private final long deadlineMs;

    /** Operation {@code seq} goes over connection {@code seq % clients.length}; {@code reservers} null: unary. */
    ReserveWorkload(final StockringClient[] clients, final StreamingReserver[] reservers, final Carts carts,
        final Books books, final String[] skuCodes, final String location, final String idPrefix, final AtomicLong ids,
        final int ttlSeconds, final boolean expiring, final long deadlineMs)
    {
        this.clients = clients;
        this.inventory = new InventoryGrpc.InventoryStub[clients.length];
        for (int i = 0; i < clients.length; i++)
        {
            inventory[i] = InventoryGrpc.newStub(clients[i].channel());
        }
        this.reservers = reservers;
        this.carts = carts;
        this.books = books;
        this.skuCodes = skuCodes;
        this.unitLines = new ReserveLine[skuCodes.length];
        this.locationBytes = ByteString.copyFromUtf8(location);
        this.location = location;
        this.idPrefix = idPrefix;
        this.ids = ids;
        this.ttlSeconds = ttlSeconds;
        this.expiring = expiring;
        this.deadlineMs = deadlineMs;
    }

    @Override
    public void issue(final long seq, final Done done)
    {
        final Carts.Cart cart = carts.cart(seq);
        final List<ReserveLine> lines = new ArrayList<>(cart.skus().length);
        for (int i = 0; i < cart.skus().length; i++)
        {
            lines.add(line(cart.skus()[i], cart.quantities()[i]));
        }
        final String requestId = nextId();
        final int connection = (int)(seq % clients.length);
        if (reservers == null)
        {
            clients[connection].reserveAsync(requestId, CHANNEL, lines, ttlSeconds).whenComplete((reservation, t) ->
            {
                if (t == null)
                {
                    reservedThen(connection, cart, reservation.getReservationId(), done);
                }
                else
                {
                    failed(cart, t, done);
                }
            });
        }
        else
        {
            // Ids and the channel as bytes: ASCII, so the bytes are the UTF-8 the server reads.
            final ReserveRequest request = ReserveRequest.newBuilder()
                .setRequestIdBytes(ByteString.copyFrom(requestId, StandardCharsets.US_ASCII))
                .setChannelBytes(CHANNEL_BYTES).addAllLines(lines).setTtlSeconds(ttlSeconds).build();
            reservers[connection].submit(request).whenComplete((result, t) ->
            {
                if (t != null)
                {
                    failed(cart, t, done);
                }
                else if (result.getCode() == ResultCode.RESULT_CODE_OK)
                {
                    reservedThen(connection, cart, result.getReservationId(), done);
                }
                else
                {
                    if (result.getCodeValue() >= ResultCode.RESULT_CODE_JOURNAL_FAILED_VALUE)
                    {
                        books.reserveUnknown(cart, expiring);
                    }
                    done.done(codeName(result));
                }
            });
        }
    }

    private ReserveLine line(final int sku, final long quantity)
    {
        if (quantity != 1)
        {
            return StockringClient.line(skuCodes[sku], location, quantity);
        }
        ReserveLine line = unitLines[sku];
        if (line == null)
        {
            line = ReserveLine.newBuilder().setSkuBytes(ByteString.copyFromUtf8(skuCodes[sku]))
                .setLocationBytes(locationBytes).setQuantity(1).build();
            unitLines[sku] = line;
        }
        return line;
    }

    private String nextId()
    {
        return idPrefix + ids.incrementAndGet();
    }

    private void failed(final Carts.Cart cart, final Throwable t, final Done done)
    {
        if (!definitive(t))
        {
            books.reserveUnknown(cart, expiring);
        }
        done.done(reason(t));
    }

    private void reservedThen(final int connection, final Carts.Cart cart, final String reservationId,
        final Done done)
    {
        books.reserved(cart, expiring);
        switch (cart.follow())
        {
            case CONFIRM:
            {
                final ConfirmRequest confirm = ConfirmRequest.newBuilder().setRequestId(nextId())
                    .setReservationId(reservationId).build();
                inventory[connection].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                    .confirm(confirm, finisher(cart, true, done));
                break;
            }
            case RELEASE:
            {
                final ReleaseRequest release = ReleaseRequest.newBuilder().setRequestId(nextId())
                    .setReservationId(reservationId).build();
                inventory[connection].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                    .release(release, finisher(cart, false, done));
                break;
            }
            default:
                done.done(null);
        }
    }

    private StreamObserver<Reservation> finisher(final Carts.Cart cart, final boolean confirm, final Done done)
    {
        return new StreamObserver<>()
        {
            @Override
            public void onNext(final Reservation value)
            {
            }

            @Override
            public void onError(final Throwable t)
            {
                if (!definitive(t))
                {
                    books.finishUnknown(cart, confirm);
                }
                done.done((confirm ? "confirm " : "release ") + reason(t));
            }

            @Override
            public void onCompleted()
            {
                if (confirm)
                {
                    books.confirmed(cart);
                }
                else
                {
                    books.released(cart);
                }
                done.done(null);
            }
        };
    }

    /** A refusal that changed nothing (as opposed to a deadline or a lost connection: outcome unknown). */
    static boolean definitive(final Throwable t)
    {
        switch (Status.fromThrowable(t).getCode())
        {
            case INVALID_ARGUMENT:
            case NOT_FOUND:
            case FAILED_PRECONDITION:
            case ALREADY_EXISTS:
            case RESOURCE_EXHAUSTED:
            case OUT_OF_RANGE:
            case PERMISSION_DENIED:
            case UNAUTHENTICATED:
            case UNIMPLEMENTED:
                return true;
            default:
                return false;
        }
    }

    /** "CODE" or "CODE/REASON" (the ErrorInfo reason, when it says more than the code). */
    static String reason(final Throwable t)
    {
        final String code = Status.fromThrowable(t).getCode().name();
        final String reason = StockringClient.reason(t);
        return reason.equals(code) ? code : code + "/" + reason;
    }

    static String codeName(final ReserveResult result)
    {
        final String name = result.getCode().name();
        return "stream " + (name.startsWith("RESULT_CODE_") ? name.substring("RESULT_CODE_".length()) : name);
    }
}
