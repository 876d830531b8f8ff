package io.stockring.server;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.recovery.SnapshotStore;
import io.stockring.proto.v1.GetStockRequest;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.ReleaseRequest;
import io.stockring.proto.v1.Reservation;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the launcher's class-data archive (docs/decisions/0019): a JVM started
 * with {@code -XX:ArchiveClassesAtExit} runs this, and every class it loaded is archived when it
 * exits, so that the next {@code stockring serve} maps them instead of loading, verifying and
 * linking them one by one (about a second of a restart).
 *
 * <p>It goes through what a start-up and the first calls go through: the ledger created and
 * recovered, the engine, security, the planner's history store, the gRPC and metrics ports, a
 * Reserve, a Release, a stock read and a scrape, on a small throw-away data directory.
 */
final class ClassArchiveTraining
{
    private ClassArchiveTraining()
    {
    }

    static void run() throws Exception
    {
        final Path dir = Files.createTempDirectory("stockring-class-archive-");
        try
        {
            final ServerConfig config = new ServerConfig();
            config.dataDir = dir.resolve("data");
            config.grpcPort = 0;
            config.metricsPort = 0;
            config.journalSegmentMb = 1;
            config.capacity = new LedgerCapacity(1_000, 100, 10_000, 10_000, 20_000);
            try (StockringServer server = StockringServer.start(config))
            {
                DemoCatalog.seed(server.engine());
                callOnce(server);
            }
            // A second start recovers what the first left: the recovery path's classes too.
            try (StockringServer server = StockringServer.start(config))
            {
                callOnce(server);
            }
        }
        finally
        {
            SnapshotStore.deleteTree(dir);
        }
    }

    private static void callOnce(final StockringServer server) throws IOException, InterruptedException
    {
        final ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try
        {
            HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
            final InventoryGrpc.InventoryBlockingStub inventory = InventoryGrpc.newBlockingStub(channel);
            final Reservation reserved = inventory.reserve(ReserveRequest.newBuilder()
                .setRequestId("class-archive-" + System.nanoTime()).setChannel("app")
                .addLines(ReserveLine.newBuilder().setSku("G0001").setLocation("ONLINE").setQuantity(1))
                .build());
            inventory.release(ReleaseRequest.newBuilder().setRequestId("class-archive-release-" + System.nanoTime())
                .setReservationId(reserved.getReservationId()).build());
            inventory.getStock(GetStockRequest.newBuilder().setSku("G0001").setLocation("ONLINE").build());
        }
        catch (final StatusRuntimeException e)
        {
            // A refusal loads the error path's classes just as well; nothing here is checked.
        }
        finally
        {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.discarding());
    }
}
