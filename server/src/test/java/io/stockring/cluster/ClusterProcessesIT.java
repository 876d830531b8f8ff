package io.stockring.cluster;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.stockring.proto.v1.GetReservationRequest;
import io.stockring.proto.v1.GetStockRequest;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.Item;
import io.stockring.proto.v1.Location;
import io.stockring.proto.v1.LocationKind;
import io.stockring.proto.v1.ReceiveRequest;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.VerifyRequest;
import io.stockring.server.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three {@code stockring serve --cluster} processes on loopback, as an operator runs them: calls
 * through any node's gRPC port, the leader SIGKILLed mid-stream, a new leader answering within
 * 5 s, no acknowledged reservation lost, the killed node restarted and caught up, verify clean.
 */
class ClusterProcessesIT
{
    private static final int BASE_PORT = 23_000 + (int)(ProcessHandle.current().pid() % 40) * 300;

    @TempDir
    Path dir;

    private final Process[] nodes = new Process[3];
    private final int[] grpcPorts = new int[3];
    private final int[] metricsPorts = new int[3];
    /** How many times each node's log said "serving" before its latest start. */
    private final long[] servedBefore = new long[3];
    private final ManagedChannel[] channels = new ManagedChannel[3];
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int requestCount;

    @AfterEach
    void stopAll() throws InterruptedException
    {
        for (int i = 0; i < 3; i++)
        {
            if (channels[i] != null)
            {
                channels[i].shutdownNow();
            }
            if (nodes[i] != null)
            {
                nodes[i].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void losingTheLeaderProcessLosesNoAcknowledgedReservation() throws Exception
    {
        for (int i = 0; i < 3; i++)
        {
            grpcPorts[i] = freePort();
            metricsPorts[i] = freePort();
            nodes[i] = start(i);
        }
        for (int i = 0; i < 3; i++)
        {
            awaitServing(i);
            channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", grpcPorts[i]).usePlaintext().build();
        }
        final int leader = awaitLeader(-1);
        final int other = (leader + 1) % 3;
        admin(other).upsertLocation(Location.newBuilder().setRequestId(id()).setCode("CW").setName("Central")
            .setKind(LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE).build());
        admin(other).upsertItem(Item.newBuilder().setRequestId(id()).setSku("MUG").setName("Mug").build());
        awaitKnown(other, "MUG");
        admin(other).receive(ReceiveRequest.newBuilder().setRequestId(id()).setSku("MUG").setLocation("CW")
            .setQuantity(1_000).build());
        final List<String> acknowledged = new ArrayList<>();
        for (int n = 0; n < 50; n++)
        {
            acknowledged.add(reserve(other, id()));
        }

        final long killed = System.nanoTime();
        nodes[leader].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // Retried with the same request id until a new leader answers, as a channel backend does.
        final String retriedId = id();
        String afterKill = null;
        while (afterKill == null)
        {
            try
            {
                afterKill = reserve(other, retriedId);
            }
            catch (final StatusRuntimeException e)
            {
                if (System.nanoTime() - killed > TimeUnit.SECONDS.toNanos(30))
                {
                    throw e;
                }
            }
        }
        final long failoverMs = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("ClusterProcessesIT: leader " + leader + " SIGKILLed, a reserve through node " + other +
            " answered again after " + failoverMs + " ms");
        assertTrue(failoverMs < 5_000, "a reserve was answered again " + failoverMs + " ms after the kill");
        acknowledged.add(afterKill);
        final int newLeader = awaitLeader(leader);
        assertTrue(newLeader != leader);
        for (final String id : acknowledged)
        {
            inventory(other).getReservation(GetReservationRequest.newBuilder().setReservationId(id).build());
        }

        // The archive's mark file keeps a killed node from starting for a while (CLUSTER-NOTES): wait it out.
        Thread.sleep(11_000);
        nodes[leader] = start(leader);
        awaitServing(leader);
        channels[leader].shutdownNow();
        channels[leader] = NettyChannelBuilder.forAddress("127.0.0.1", grpcPorts[leader]).usePlaintext().build();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long available = -1;
        while (System.nanoTime() < deadline && available != 1_000 - acknowledged.size())
        {
            try
            {
                available = inventory(leader).getStock(GetStockRequest.newBuilder().setSku("MUG").setLocation("CW")
                    .build()).getLevels(0).getAvailable();
            }
            catch (final StatusRuntimeException e)
            {
                Thread.sleep(100);
            }
        }
        assertEquals(1_000 - acknowledged.size(), available, "the restarted node caught up");
        for (int i = 0; i < 3; i++)
        {
            assertTrue(admin(i).verify(VerifyRequest.newBuilder().build()).getClean(), "node " + i + " verify");
        }
    }

    private String reserve(final int node, final String requestId)
    {
        return inventory(node).withDeadlineAfter(6, TimeUnit.SECONDS).reserve(ReserveRequest.newBuilder()
            .setRequestId(requestId).setChannel("app")
            .addLines(ReserveLine.newBuilder().setSku("MUG").setLocation("CW").setQuantity(1)).build())
            .getReservationId();
    }

    private InventoryGrpc.InventoryBlockingStub inventory(final int node)
    {
        return InventoryGrpc.newBlockingStub(channels[node]).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private StockAdminGrpc.StockAdminBlockingStub admin(final int node)
    {
        return StockAdminGrpc.newBlockingStub(channels[node]).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    private String id()
    {
        return "it-" + (++requestCount);
    }

    private void awaitKnown(final int node, final String sku) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline)
        {
            try
            {
                inventory(node).getStock(GetStockRequest.newBuilder().setSku(sku).build());
                return;
            }
            catch (final StatusRuntimeException e)
            {
                Thread.sleep(20);
            }
        }
    }

    private Process start(final int i) throws IOException
    {
        final Path nodeDir = dir.resolve("node-" + i);
        Files.createDirectories(nodeDir);
        final List<String> members = List.of("127.0.0.1:" + BASE_PORT, "127.0.0.1:" + (BASE_PORT + 100),
            "127.0.0.1:" + (BASE_PORT + 200));
        final Path log = nodeDir.resolve("server.log");
        servedBefore[i] = Files.exists(log) ? countServing(log) : 0;
        final Path clusterFile = nodeDir.resolve("cluster.properties");
        Files.writeString(clusterFile, ClusterFile.local(i, members));
        final Path config = nodeDir.resolve("server.properties");
        Files.writeString(config, "capacity.items=1000\ncapacity.locations=100\ncapacity.stock.entries=10000\n" +
            "capacity.reservations=20000\ncapacity.request.ids=40000\n");
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).toList());
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
            "--config", config.toString(), "--cluster", clusterFile.toString(), "--data-dir", nodeDir.toString(),
            "--grpc-port", Integer.toString(grpcPorts[i]), "--metrics-port", Integer.toString(metricsPorts[i])));
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("server.log").toFile())).start();
    }

    private void awaitServing(final int i) throws IOException, InterruptedException
    {
        final Path log = dir.resolve("node-" + i).resolve("server.log");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(log) && countServing(log) > servedBefore[i])
            {
                return;
            }
            if (!nodes[i].isAlive())
            {
                fail("node " + i + " exited with " + nodes[i].exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        fail("node " + i + " did not serve in 90 s:\n" + Files.readString(log));
    }

    private static long countServing(final Path log) throws IOException
    {
        return Files.readString(log, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("stockring serving"))
            .count();
    }

    /** The node whose metrics say it leads, other than {@code not}; waits up to 10 s. */
    private int awaitLeader(final int not) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline)
        {
            for (int i = 0; i < 3; i++)
            {
                if (i != not && nodes[i].isAlive() && metric(i, "stockring_cluster_leader").equals("1.0"))
                {
                    return i;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no leader in 10 s");
    }

    private String metric(final int node, final String name)
    {
        try
        {
            final String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPorts[node] +
                "/metrics")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            // A sample line: name{labels} value
            return body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1).strip()).findFirst().orElse("");
        }
        catch (final IOException e)
        {
            return "";
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }
}
