package io.stockring.client;

import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.stockring.client.cli.Cli;
import io.stockring.core.command.ResultCode;
import io.stockring.proto.v1.LocationKind;
import io.stockring.proto.v1.Reservation;
import io.stockring.proto.v1.ReservationState;
import io.stockring.proto.v1.StockLevel;
import io.stockring.proto.v1.TransferRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real server process, started by the launcher ({@code ./stockring serve}) on a free port,
 * driven through the client library and the CLI, killed with SIGKILL, restarted, and checked
 * against what it had acknowledged; then stopped with SIGTERM, which must exit 0.
 */
class ServerProcessIT
{
    private static final Path LAUNCHER = Path.of("..", "stockring").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Process server;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp()
    {
        started.forEach(Process::destroyForcibly);
    }

    private int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    private StockringClient startServer(final int port) throws Exception
    {
        server = new ProcessBuilder(LAUNCHER.toString(), "serve", "--data-dir", dir.resolve("data").toString(),
            "--grpc-port", Integer.toString(port), "--metrics-port", "0", "--log-level", "warn")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server-" + started.size() + ".log").toFile())
            .start();
        started.add(server);
        final StockringClient client = StockringClient.connect("127.0.0.1", port);
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true)
        {
            try
            {
                final HealthCheckResponse health = HealthGrpc.newBlockingStub(client.channel())
                    .withDeadlineAfter(1, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance());
                if (health.getStatus() == HealthCheckResponse.ServingStatus.SERVING)
                {
                    // The launcher trains the class-data archive before its first start of a build.
                    final Path archive = LAUNCHER.resolveSibling("server/target/stockring-server.jsa");
                    assertTrue(Files.isRegularFile(archive) && Files.size(archive) > 0,
                        "the launcher's class-data archive: " + archive);
                    return client;
                }
            }
            catch (final StatusRuntimeException e)
            {
                if (!server.isAlive() || System.nanoTime() > until)
                {
                    throw new AssertionError("server did not come up: " +
                        Files.readString(dir.resolve("server-" + (started.size() - 1) + ".log")), e);
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    void shouldServeSurviveSigkillAndStopCleanlyOnSigterm() throws Exception
    {
        final int port = freePort();
        final String reservedId;
        final String confirmedId;
        try (StockringClient client = startServer(port))
        {
            assertTrue(reflectedServices(client).contains("stockring.v1.Inventory"));
            client.upsertLocation("CW", "Central", LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE, "");
            client.upsertLocation("ONLINE", "Online pool", LocationKind.LOCATION_KIND_ONLINE_POOL, "CW");
            client.upsertItem("LANTERN", "Lantern", "festival");
            client.receive("recv-1", "LANTERN", "CW", 100);
            client.transfer("LANTERN", "CW", "ONLINE", 30, TransferRequest.Mode.MODE_IMMEDIATE);

            final Reservation held = client.reserve("order-1", "app",
                List.of(StockringClient.line("LANTERN", "ONLINE", 5)), 3600);
            final Reservation confirmed = client.reserve("order-2", "app",
                List.of(StockringClient.line("LANTERN", "ONLINE", 7)), 3600);
            client.confirm("order-2-confirm", confirmed.getReservationId());
            final Reservation released = client.reserve("order-3", "mini",
                List.of(StockringClient.line("LANTERN", "ONLINE", 2)), 3600);
            client.release(released.getReservationId());
            // an idempotent retry gets the first answer
            assertEquals(held.getReservationId(), client.reserve("order-1", "app",
                List.of(StockringClient.line("LANTERN", "ONLINE", 5)), 3600).getReservationId());
            // an over-reservation is refused and changes nothing
            final StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> client.reserve(
                "order-4", "app", List.of(StockringClient.line("LANTERN", "ONLINE", 1000)), 3600));
            assertEquals("INSUFFICIENT_STOCK", StockringClient.reason(refused));
            // asynchronous and streaming paths too
            assertEquals(ReservationState.RESERVATION_STATE_HELD, client.reserveAsync("order-5", "app",
                List.of(StockringClient.line("LANTERN", "ONLINE", 1)), 3600).get(30, TimeUnit.SECONDS).getState());
            try (StreamingReserver stream = client.streamingReserver(64, 4))
            {
                final List<CompletableFuture<io.stockring.proto.v1.ReserveResult>> results = new ArrayList<>();
                for (int i = 0; i < 10; i++)
                {
                    results.add(stream.submit(StockringClient.reserveRequest("stream-" + i, "app",
                        List.of(StockringClient.line("LANTERN", "ONLINE", 1)), 3600)));
                }
                for (final var f : results)
                {
                    assertEquals(io.stockring.proto.v1.ResultCode.RESULT_CODE_OK, f.get(30, TimeUnit.SECONDS).getCode());
                }
            }
            // the CLI against the same server
            final StringWriter out = new StringWriter();
            assertEquals(0, Cli.run(new String[]{"--server", "127.0.0.1:" + port, "stock", "LANTERN", "ONLINE"},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
            assertTrue(out.toString().contains("reserved=16"), out.toString());
            final StringWriter err = new StringWriter();
            assertEquals(1, Cli.run(new String[]{"--server", "127.0.0.1:" + port, "receive", "NOPE", "CW", "1"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)));
            assertTrue(err.toString().startsWith("stockring: UNKNOWN_SKU"), err.toString());

            reservedId = held.getReservationId();
            confirmedId = confirmed.getReservationId();
        }

        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);   // SIGKILL: no checkpoint, no clean stop

        try (StockringClient client = startServer(port))
        {
            final StockLevel online = client.getStock("LANTERN", "ONLINE").get(0);
            assertEquals(23, online.getOnHand(), online.toString());        // 30 - 7 confirmed
            assertEquals(16, online.getReserved(), online.toString());      // 5 + 1 + 10 held
            assertEquals(70, client.getStock("LANTERN", "CW").get(0).getOnHand());
            assertEquals(ReservationState.RESERVATION_STATE_HELD, client.getReservation(reservedId).getState());
            assertEquals(ReservationState.RESERVATION_STATE_CONFIRMED, client.getReservation(confirmedId).getState());
            assertEquals(reservedId, client.reserve("order-1", "app",
                List.of(StockringClient.line("LANTERN", "ONLINE", 5)), 3600).getReservationId());
            assertEquals(100, client.receive("recv-1", "LANTERN", "CW", 100).getOnHand() + 30,
                "a retried receive is not applied twice");
            assertTrue(client.verify().getClean());
        }

        server.destroy();   // SIGTERM
        assertTrue(server.waitFor(60, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        assertEquals(0, server.exitValue());
        assertTrue(Files.readString(dir.resolve("data").resolve("node.meta")).contains("state=STOPPED"));
    }

    private static List<String> reflectedServices(final StockringClient client) throws Exception
    {
        final CompletableFuture<List<String>> names = new CompletableFuture<>();
        final StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(client.channel())
            .serverReflectionInfo(new StreamObserver<>()
            {
                @Override
                public void onNext(final ServerReflectionResponse value)
                {
                    final List<String> out = new ArrayList<>();
                    value.getListServicesResponse().getServiceList().forEach(s -> out.add(s.getName()));
                    names.complete(out);
                }

                @Override
                public void onError(final Throwable t)
                {
                    names.completeExceptionally(t);
                }

                @Override
                public void onCompleted()
                {
                }
            });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        return names.get(30, TimeUnit.SECONDS);
    }
}
