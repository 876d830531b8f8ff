package io.stockring.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.stockring.proto.v1.AdjustRequest;
import io.stockring.proto.v1.CheckpointRequest;
import io.stockring.proto.v1.ConfirmRequest;
import io.stockring.proto.v1.GetReservationRequest;
import io.stockring.proto.v1.GetStockRequest;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.Item;
import io.stockring.proto.v1.Location;
import io.stockring.proto.v1.LocationKind;
import io.stockring.proto.v1.ReceiveRequest;
import io.stockring.proto.v1.ReleaseRequest;
import io.stockring.proto.v1.Reservation;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.SecurityGrpc;
import io.stockring.proto.v1.SetPolicyRequest;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.StockEvent;
import io.stockring.proto.v1.StockLevel;
import io.stockring.proto.v1.TransferRequest;
import io.stockring.proto.v1.TransferResponse;
import io.stockring.proto.v1.VerifyRequest;
import io.stockring.proto.v1.VerifyResponse;
import io.stockring.proto.v1.WatchStockRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Java client of stockring: blocking and asynchronous calls with deadlines, and safe retries.
 *
 * <p>Every mutating call carries a request id (generated when the caller gives none). A call that
 * fails with UNAVAILABLE or RESOURCE_EXHAUSTED is retried with the <em>same</em> request id, with
 * exponential backoff, until it succeeds, fails otherwise, or runs out of attempts: the server
 * answers a retried id with its first outcome, so a retry can never reserve twice.
 *
 * <pre>
 *   try (StockringClient client = StockringClient.connect("127.0.0.1", 50051)) {
 *       Reservation r = client.reserve("app", List.of(StockringClient.line("G0001", "ONLINE", 1)), 900);
 *       client.confirm(r.getReservationId());
 *   }
 * </pre>
 */
public final class StockringClient implements AutoCloseable
{
    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final Options options;
    private final InventoryGrpc.InventoryBlockingStub inventory;
    private final InventoryGrpc.InventoryStub inventoryAsync;
    private final StockAdminGrpc.StockAdminBlockingStub admin;
    private final ScheduledExecutorService retryTimer;

    /** Deadlines and retry behaviour. */
    public record Options(Duration deadline, int maxAttempts, Duration initialBackoff, Duration maxBackoff)
    {
        public static Options defaults()
        {
            return new Options(Duration.ofSeconds(5), 5, Duration.ofMillis(20), Duration.ofSeconds(1));
        }

        public Options withDeadline(final Duration d)
        {
            return new Options(d, maxAttempts, initialBackoff, maxBackoff);
        }
    }

    public StockringClient(final ManagedChannel channel, final Options options)
    {
        this(channel, false, options);
    }

    private StockringClient(final ManagedChannel channel, final boolean ownsChannel, final Options options)
    {
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.options = options;
        this.inventory = InventoryGrpc.newBlockingStub(channel);
        this.inventoryAsync = InventoryGrpc.newStub(channel);
        this.admin = StockAdminGrpc.newBlockingStub(channel);
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "stockring-client-retry");
            t.setDaemon(true);
            return t;
        });
    }

    /** A plaintext connection (loopback and trusted networks). */
    public static StockringClient connect(final String host, final int port)
    {
        return connect(host, port, Options.defaults());
    }

    public static StockringClient connect(final String host, final int port, final Options options)
    {
        return new StockringClient(NettyChannelBuilder.forAddress(host, port).usePlaintext().build(), true, options);
    }

    /** A client that shuts {@code channel} down when it is closed. */
    public static StockringClient owning(final ManagedChannel channel, final Options options)
    {
        return new StockringClient(channel, true, options);
    }

    /** A connection with TLS (when {@code security} names a CA) and credentials (certificate, token). */
    public static StockringClient connect(final String host, final int port, final Options options,
        final Security security) throws IOException
    {
        return new StockringClient(channelBuilder(host, port, security).build(), true, options);
    }

    /**
     * How to reach a server that runs with TLS or authentication (all optional; nothing set:
     * plaintext, no credentials).
     *
     * @param caFile PEM of the CA the server's certificate chains to; set: TLS
     * @param certFile with {@code keyFile}: a client certificate (mutual TLS); its CN names the principal
     * @param token a bearer token (sent only over TLS, or to a loopback address)
     * @param authority the name to check the server's certificate against, when not the host dialled
     */
    public record Security(Path caFile, Path certFile, Path keyFile, String token, String authority)
    {
        public static Security none()
        {
            return new Security(null, null, null, null, null);
        }

        public boolean tls()
        {
            return caFile != null;
        }

        /** A token file's first line (files keep tokens out of shell history and process lists). */
        public static String readToken(final Path file) throws IOException
        {
            final String t = Files.readString(file).strip();
            if (t.isEmpty())
            {
                throw new IllegalArgumentException(file + " holds no token");
            }
            return t.lines().findFirst().orElse("").strip();
        }

        @Override
        public String toString()
        {
            return "Security[ca=" + caFile + ", cert=" + certFile + ", token=" + (token == null ? "none" : "redacted")
                + ", authority=" + authority + "]";
        }
    }

    /** A channel builder for {@code security}; callers add their own settings (executors, sizes). */
    public static NettyChannelBuilder channelBuilder(final String host, final int port, final Security security)
        throws IOException
    {
        if ((security.certFile() == null) != (security.keyFile() == null))
        {
            throw new IllegalArgumentException("a client certificate needs both its certificate and its key file");
        }
        if (security.certFile() != null && !security.tls())
        {
            throw new IllegalArgumentException("a client certificate needs TLS: give the server's CA too");
        }
        ChannelCredentials credentials;
        if (security.tls())
        {
            final TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder()
                .trustManager(security.caFile().toFile());
            if (security.certFile() != null)
            {
                tls.keyManager(security.certFile().toFile(), security.keyFile().toFile());
            }
            credentials = tls.build();
        }
        else
        {
            credentials = InsecureChannelCredentials.create();
        }
        if (security.token() != null)
        {
            credentials = CompositeChannelCredentials.create(credentials, new BearerToken(security.token()));
        }
        final NettyChannelBuilder b = NettyChannelBuilder.forAddress(host, port, credentials);
        if (security.authority() != null)
        {
            b.overrideAuthority(security.authority());
        }
        return b;
    }

    public ManagedChannel channel()
    {
        return channel;
    }

    /** A fresh request id (a random UUID). */
    public static String newRequestId()
    {
        return UUID.randomUUID().toString();
    }

    public static ReserveLine line(final String sku, final String location, final long quantity)
    {
        return ReserveLine.newBuilder().setSku(sku).setLocation(location).setQuantity(quantity).build();
    }

    // ------------------------------------------------------------------ Inventory

    public Reservation reserve(final String channelCode, final List<ReserveLine> lines, final int ttlSeconds)
    {
        return reserve(newRequestId(), channelCode, lines, ttlSeconds);
    }

    public Reservation reserve(final String requestId, final String channelCode, final List<ReserveLine> lines,
        final int ttlSeconds)
    {
        final ReserveRequest request = reserveRequest(requestId, channelCode, lines, ttlSeconds);
        return withRetries(() -> inventory().reserve(request));
    }

    public CompletableFuture<Reservation> reserveAsync(final String requestId, final String channelCode,
        final List<ReserveLine> lines, final int ttlSeconds)
    {
        final ReserveRequest request = reserveRequest(requestId, channelCode, lines, ttlSeconds);
        final CompletableFuture<Reservation> result = new CompletableFuture<>();
        attemptAsync(request, 1, options.initialBackoff().toMillis(), result);
        return result;
    }

    private void attemptAsync(final ReserveRequest request, final int attempt, final long backoffMs,
        final CompletableFuture<Reservation> result)
    {
        inventoryAsync.withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS).reserve(request,
            new io.grpc.stub.StreamObserver<>()
            {
                @Override
                public void onNext(final Reservation value)
                {
                    result.complete(value);
                }

                @Override
                public void onError(final Throwable t)
                {
                    if (isRetryable(t) && attempt < options.maxAttempts())
                    {
                        retryTimer.schedule(() -> attemptAsync(request, attempt + 1, nextBackoff(backoffMs), result),
                            backoffMs, TimeUnit.MILLISECONDS);
                    }
                    else
                    {
                        result.completeExceptionally(t);
                    }
                }

                @Override
                public void onCompleted()
                {
                }
            });
    }

    public static ReserveRequest reserveRequest(final String requestId, final String channelCode,
        final List<ReserveLine> lines, final int ttlSeconds)
    {
        return ReserveRequest.newBuilder().setRequestId(requestId).setChannel(channelCode).addAllLines(lines)
            .setTtlSeconds(ttlSeconds).build();
    }

    public Reservation confirm(final String reservationId)
    {
        return confirm(newRequestId(), reservationId);
    }

    public Reservation confirm(final String requestId, final String reservationId)
    {
        final ConfirmRequest request = ConfirmRequest.newBuilder().setRequestId(requestId)
            .setReservationId(reservationId).build();
        return withRetries(() -> inventory().confirm(request));
    }

    public Reservation release(final String reservationId)
    {
        return release(newRequestId(), reservationId);
    }

    public Reservation release(final String requestId, final String reservationId)
    {
        final ReleaseRequest request = ReleaseRequest.newBuilder().setRequestId(requestId)
            .setReservationId(reservationId).build();
        return withRetries(() -> inventory().release(request));
    }

    public Reservation getReservation(final String reservationId)
    {
        return withRetries(() -> inventory().getReservation(GetReservationRequest.newBuilder()
            .setReservationId(reservationId).build()));
    }

    /** The level at one location, or at every location of the sku when location is empty. */
    public List<StockLevel> getStock(final String sku, final String location)
    {
        return withRetries(() -> inventory().getStock(GetStockRequest.newBuilder().setSku(sku)
            .setLocation(location == null ? "" : location).build())).getLevelsList();
    }

    /** Stock events as they happen; iterate until done, then cancel by closing the client. */
    public Iterator<StockEvent> watch(final List<String> skus, final List<String> locations)
    {
        return InventoryGrpc.newBlockingStub(channel).watchStock(WatchStockRequest.newBuilder().addAllSkus(skus)
            .addAllLocations(locations).build());
    }

    /** A streaming reserver that batches what is in flight (see {@link StreamingReserver}). */
    public StreamingReserver streamingReserver(final int maxBatchSize, final int maxBatchesInFlight)
    {
        return new StreamingReserver(inventoryAsync, maxBatchSize, maxBatchesInFlight);
    }

    // ------------------------------------------------------------------ StockAdmin

    public Item upsertItem(final String sku, final String name, final String category)
    {
        final Item item = Item.newBuilder().setRequestId(newRequestId()).setSku(sku).setName(name)
            .setCategory(category == null ? "" : category).build();
        return withRetries(() -> admin().upsertItem(item));
    }

    public Item upsertItem(final Item item)
    {
        final Item withId = item.getRequestId().isEmpty() ? item.toBuilder().setRequestId(newRequestId()).build() : item;
        return withRetries(() -> admin().upsertItem(withId));
    }

    public Location upsertLocation(final String code, final String name, final LocationKind kind, final String parent)
    {
        final Location location = Location.newBuilder().setRequestId(newRequestId()).setCode(code)
            .setName(name == null ? "" : name).setKind(kind).setParent(parent == null ? "" : parent).build();
        return withRetries(() -> admin().upsertLocation(location));
    }

    public StockLevel receive(final String sku, final String location, final long quantity)
    {
        return receive(newRequestId(), sku, location, quantity);
    }

    public StockLevel receive(final String requestId, final String sku, final String location, final long quantity)
    {
        final ReceiveRequest request = ReceiveRequest.newBuilder().setRequestId(requestId).setSku(sku)
            .setLocation(location).setQuantity(quantity).build();
        return withRetries(() -> admin().receive(request));
    }

    public StockLevel adjustBy(final String sku, final String location, final long delta, final String reason)
    {
        final AdjustRequest request = AdjustRequest.newBuilder().setRequestId(newRequestId()).setSku(sku)
            .setLocation(location).setDelta(delta).setReason(reason).build();
        return withRetries(() -> admin().adjust(request));
    }

    public StockLevel adjustTo(final String sku, final String location, final long expectedOnHand, final long setTo,
        final String reason)
    {
        final AdjustRequest request = AdjustRequest.newBuilder().setRequestId(newRequestId()).setSku(sku)
            .setLocation(location).setSetTo(setTo).setExpectedOnHand(expectedOnHand).setReason(reason).build();
        return withRetries(() -> admin().adjust(request));
    }

    public TransferResponse transfer(final String sku, final String from, final String to, final long quantity,
        final TransferRequest.Mode mode)
    {
        final TransferRequest request = TransferRequest.newBuilder().setRequestId(newRequestId()).setSku(sku)
            .setFromLocation(from == null ? "" : from).setToLocation(to).setQuantity(quantity).setMode(mode).build();
        return withRetries(() -> admin().transfer(request));
    }

    public StockLevel setPolicy(final String sku, final String location, final long safetyStock,
        final long reorderPoint)
    {
        final SetPolicyRequest request = SetPolicyRequest.newBuilder().setRequestId(newRequestId()).setSku(sku)
            .setLocation(location).setSafetyStock(safetyStock).setReorderPoint(reorderPoint).build();
        return withRetries(() -> admin().setPolicy(request));
    }

    public VerifyResponse verify()
    {
        return withRetries(() -> StockAdminGrpc.newBlockingStub(channel)
            .withDeadlineAfter(Math.max(60_000, options.deadline().toMillis()), TimeUnit.MILLISECONDS)
            .verify(VerifyRequest.getDefaultInstance()));
    }

    public long checkpoint()
    {
        return withRetries(() -> StockAdminGrpc.newBlockingStub(channel)
            .withDeadlineAfter(Math.max(60_000, options.deadline().toMillis()), TimeUnit.MILLISECONDS)
            .checkpoint(CheckpointRequest.getDefaultInstance())).getSeq();
    }

    // ------------------------------------------------------------------ Security

    /**
     * The Security service (who am I, principals and roles, the channel allocation, the audit
     * trail), with this client's deadline; calls are not retried (none is idempotent by request id).
     */
    public SecurityGrpc.SecurityBlockingStub security()
    {
        return SecurityGrpc.newBlockingStub(channel).withDeadlineAfter(options.deadline().toMillis(),
            TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ errors and retries

    /** The machine-readable reason of a stockring error (e.g. "INSUFFICIENT_STOCK"), or the status code's name. */
    public static String reason(final Throwable t)
    {
        final com.google.rpc.Status status = StatusProto.fromThrowable(t);
        if (status != null)
        {
            for (final com.google.protobuf.Any detail : status.getDetailsList())
            {
                if (detail.is(ErrorInfo.class))
                {
                    try
                    {
                        return detail.unpack(ErrorInfo.class).getReason();
                    }
                    catch (final InvalidProtocolBufferException e)
                    {
                        break;
                    }
                }
            }
        }
        return Status.fromThrowable(t).getCode().name();
    }

    static boolean isRetryable(final Throwable t)
    {
        final Status.Code code = Status.fromThrowable(t).getCode();
        return code == Status.Code.UNAVAILABLE || (code == Status.Code.RESOURCE_EXHAUSTED &&
            !"LEDGER_FULL".equals(reason(t)) && !"REQUEST_LIMIT_EXCEEDED".equals(reason(t)) &&
            !isTransportSizeLimit(t));
    }

    /** A message over the server's size limit is refused by the transport: sending it again cannot help. */
    private static boolean isTransportSizeLimit(final Throwable t)
    {
        final String d = Status.fromThrowable(t).getDescription();
        return d != null && d.contains("exceeds maximum");
    }

    private <T> T withRetries(final Supplier<T> call)
    {
        long backoffMs = options.initialBackoff().toMillis();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return call.get();
            }
            catch (final StatusRuntimeException e)
            {
                if (!isRetryable(e) || attempt >= options.maxAttempts())
                {
                    throw e;
                }
                sleep(backoffMs);
                backoffMs = nextBackoff(backoffMs);
            }
        }
    }

    private long nextBackoff(final long backoffMs)
    {
        return Math.min(backoffMs * 2, options.maxBackoff().toMillis());
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted while retrying").asRuntimeException();
        }
    }

    private InventoryGrpc.InventoryBlockingStub inventory()
    {
        return inventory.withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private StockAdminGrpc.StockAdminBlockingStub admin()
    {
        return admin.withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close()
    {
        retryTimer.shutdownNow();
        if (ownsChannel)
        {
            channel.shutdownNow();
            try
            {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
