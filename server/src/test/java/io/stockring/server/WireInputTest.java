package io.stockring.server;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.stockring.engine.EngineFixture;
import io.stockring.core.testing.ManualClock;
import io.stockring.engine.StockEngine;
import io.stockring.proto.v1.GetStockRequest;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.Item;
import io.stockring.proto.v1.Location;
import io.stockring.proto.v1.LocationKind;
import io.stockring.proto.v1.ReceiveRequest;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.TransferRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on the wire: bytes that are not a protobuf, messages over the size limit, enum values
 * this server does not know, empty ids. Each gets a clear status; the server keeps serving and
 * the ledger does not change.
 */
class WireInputTest
{
    private static final int MAX_MESSAGE = 64 * 1024;

    @TempDir
    Path dir;

    private StockEngine engine;
    private StockEventHub events;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception
    {
        events = new StockEventHub();
        engine = StockEngine.start(EngineFixture.config(dir, new ManualClock(EngineFixture.T0)).eventListener(events));
        events.catalog(engine.catalog());
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).maxInboundMessageSize(MAX_MESSAGE)
            .addService(MalformedRequestGuard.guard(new InventoryService(engine, events, 900_000, 4).bindService()))
            .addService(MalformedRequestGuard.guard(new StockAdminService(engine).bindService()))
            .build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        final StockAdminGrpc.StockAdminBlockingStub admin = StockAdminGrpc.newBlockingStub(channel);
        admin.upsertLocation(Location.newBuilder().setRequestId("l").setCode("CW")
            .setKind(LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE).build());
        admin.upsertItem(Item.newBuilder().setRequestId("i").setSku("MUG").setName("Mug").build());
        admin.receive(ReceiveRequest.newBuilder().setRequestId("r").setSku("MUG").setLocation("CW").setQuantity(5)
            .build());
    }

    @AfterEach
    void stop() throws Exception
    {
        channel.shutdownNow();
        server.shutdownNow();
        events.close();
        engine.close();
    }

    /** Calls a method with raw bytes as the request, whatever they are. */
    private Status callRaw(final MethodDescriptor<?, ?> method, final byte[] body)
    {
        final MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(method.getFullMethodName())
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();
        try
        {
            ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                body);
            return Status.OK;
        }
        catch (final StatusRuntimeException e)
        {
            return e.getStatus();
        }
    }

    private long seq()
    {
        return engine.stateMachine().appliedSeq();
    }

    @Test
    void shouldRefuseGarbageAndKeepServing()
    {
        final long before = seq();
        final Random random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            final byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            final Status status = callRaw(InventoryGrpc.getReserveMethod(), junk);
            assertNotEquals(Status.Code.OK, status.getCode(), "junk must not be accepted");
            assertTrue(status.getCode() == Status.Code.INVALID_ARGUMENT, "junk deserves a clear status: " + status);
            callRaw(StockAdminGrpc.getReceiveMethod(), junk);
        }
        final Status huge = callRaw(InventoryGrpc.getReserveMethod(), new byte[MAX_MESSAGE * 2]);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, huge.getCode(), huge.toString());

        assertEquals(before, seq(), "nothing malformed may reach the journal");
        assertEquals(5, InventoryGrpc.newBlockingStub(channel).getStock(GetStockRequest.newBuilder().setSku("MUG")
            .setLocation("CW").build()).getLevels(0).getAvailable());
        assertTrue(engine.verify().join().isClean());
    }

    @Test
    void shouldRefuseUnknownEnumValuesAndEmptyIds()
    {
        final StockAdminGrpc.StockAdminBlockingStub admin = StockAdminGrpc.newBlockingStub(channel);
        final StatusRuntimeException kind = assertThrows(StatusRuntimeException.class, () -> admin.upsertLocation(
            Location.newBuilder().setRequestId("x").setCode("NEW").setKindValue(99).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, kind.getStatus().getCode());
        final StatusRuntimeException mode = assertThrows(StatusRuntimeException.class, () -> admin.transfer(
            TransferRequest.newBuilder().setRequestId("y").setSku("MUG").setFromLocation("CW").setToLocation("CW2")
                .setQuantity(1).setModeValue(42).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, mode.getStatus().getCode());
        final StatusRuntimeException noId = assertThrows(StatusRuntimeException.class, () -> InventoryGrpc
            .newBlockingStub(channel).reserve(ReserveRequest.newBuilder().setChannel("app").addLines(
                ReserveLine.newBuilder().setSku("MUG").setLocation("CW").setQuantity(1)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noId.getStatus().getCode());
        assertTrue(noId.getStatus().getDescription().contains("request_id"));
        assertEquals(0, InventoryGrpc.newBlockingStub(channel).getStock(GetStockRequest.newBuilder().setSku("MUG")
            .setLocation("CW").build()).getLevels(0).getReserved());
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]>
    {
        @Override
        public InputStream stream(final byte[] value)
        {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(final InputStream stream)
        {
            try
            {
                return stream.readAllBytes();
            }
            catch (final IOException e)
            {
                throw new IllegalStateException(e);
            }
        }
    }
}
