package io.stockring.server;

import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.stockring.engine.EngineFixture;
import io.stockring.core.testing.ManualClock;
import io.stockring.engine.StockEngine;
import io.stockring.proto.v1.AdjustRequest;
import io.stockring.proto.v1.AlertLevel;
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
import io.stockring.proto.v1.ReservationState;
import io.stockring.proto.v1.ReserveBatch;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.ReserveResults;
import io.stockring.proto.v1.ResultCode;
import io.stockring.proto.v1.SetPolicyRequest;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.StockEvent;
import io.stockring.proto.v1.StockLevel;
import io.stockring.proto.v1.TransferRequest;
import io.stockring.proto.v1.TransferResponse;
import io.stockring.proto.v1.VerifyRequest;
import io.stockring.proto.v1.WatchStockRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every RPC through in-process gRPC against a real engine, and how each outcome maps to a status. */
class GrpcServicesTest
{
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(EngineFixture.T0);
    private StockEngine engine;
    private StockEventHub events;
    private Server server;
    private ManagedChannel channel;
    private InventoryGrpc.InventoryBlockingStub inventory;
    private StockAdminGrpc.StockAdminBlockingStub admin;
    private int ids;

    @BeforeEach
    void start() throws Exception
    {
        events = new StockEventHub();
        engine = StockEngine.start(EngineFixture.config(dir, clock).eventListener(events));
        events.catalog(engine.catalog());
        final String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
            .addService(new InventoryService(engine, events, 900_000, 4))
            .addService(new StockAdminService(engine))
            .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        inventory = InventoryGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        admin = StockAdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        admin.upsertLocation(Location.newBuilder().setRequestId(id()).setCode("CW").setName("Central")
            .setKind(LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE).build());
        admin.upsertLocation(Location.newBuilder().setRequestId(id()).setCode("ONLINE").setParent("CW")
            .setKind(LocationKind.LOCATION_KIND_ONLINE_POOL).build());
        admin.upsertItem(Item.newBuilder().setRequestId(id()).setSku("MUG").setName("Mug").setCategory("home").build());
        admin.upsertItem(Item.newBuilder().setRequestId(id()).setSku("PEN").setName("Pen").build());
        admin.receive(ReceiveRequest.newBuilder().setRequestId(id()).setSku("MUG").setLocation("ONLINE")
            .setQuantity(10).build());
    }

    @AfterEach
    void stop() throws Exception
    {
        channel.shutdownNow();
        server.shutdownNow();
        events.close();
        engine.close();
    }

    private String id()
    {
        return "g-" + (++ids);
    }

    private static ReserveLine line(final String sku, final String location, final long qty)
    {
        return ReserveLine.newBuilder().setSku(sku).setLocation(location).setQuantity(qty).build();
    }

    private static ReserveRequest reserve(final String requestId, final ReserveLine... lines)
    {
        return ReserveRequest.newBuilder().setRequestId(requestId).setChannel("app").addAllLines(List.of(lines))
            .setTtlSeconds(600).build();
    }

    private static void assertStatus(final Status.Code code, final String reason, final String messagePart,
        final Runnable call)
    {
        final StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        final com.google.rpc.Status details = StatusProto.fromThrowable(e);
        try
        {
            assertEquals(reason, details.getDetails(0).unpack(ErrorInfo.class).getReason());
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
        if (messagePart != null)
        {
            assertTrue(e.getStatus().getDescription().contains(messagePart), e.getStatus().getDescription());
        }
    }

    @Test
    void shouldReserveConfirmAndReleaseWithStatesOnTheWire()
    {
        final Reservation r = inventory.reserve(reserve(id(), line("MUG", "ONLINE", 3)));
        assertEquals(ReservationState.RESERVATION_STATE_HELD, r.getState());
        assertEquals("app", r.getChannel());
        assertEquals(EngineFixture.T0 + 600_000, r.getExpiresAtMs());
        assertEquals(List.of(line("MUG", "ONLINE", 3)), r.getLinesList());
        assertEquals(r, inventory.getReservation(GetReservationRequest.newBuilder()
            .setReservationId(r.getReservationId()).build()));
        final Reservation confirmed = inventory.confirm(ConfirmRequest.newBuilder().setRequestId(id())
            .setReservationId(r.getReservationId()).build());
        assertEquals(ReservationState.RESERVATION_STATE_CONFIRMED, confirmed.getState());
        assertStatus(Status.Code.FAILED_PRECONDITION, "ALREADY_CONFIRMED", null, () -> inventory.release(
            ReleaseRequest.newBuilder().setRequestId(id()).setReservationId(r.getReservationId()).build()));

        final Reservation second = inventory.reserve(reserve(id(), line("MUG", "ONLINE", 2)));
        assertEquals(ReservationState.RESERVATION_STATE_RELEASED, inventory.release(ReleaseRequest.newBuilder()
            .setRequestId(id()).setReservationId(second.getReservationId()).build()).getState());
        final StockLevel level = inventory.getStock(GetStockRequest.newBuilder().setSku("MUG").setLocation("ONLINE")
            .build()).getLevels(0);
        assertEquals(7, level.getOnHand());
        assertEquals(0, level.getReserved());
        assertEquals(7, level.getAvailable());
    }

    @Test
    void shouldMapEveryKindOfRefusal()
    {
        assertStatus(Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_STOCK", "lines[0]: sku MUG at ONLINE",
            () -> inventory.reserve(reserve(id(), line("MUG", "ONLINE", 11))));
        assertStatus(Status.Code.INVALID_ARGUMENT, "INVALID_QUANTITY", "lines[1].quantity",
            () -> inventory.reserve(reserve(id(), line("MUG", "ONLINE", 1), line("MUG", "ONLINE", 0))));
        assertStatus(Status.Code.INVALID_ARGUMENT, "INVALID_REQUEST_ID", "request_id",
            () -> inventory.reserve(reserve("", line("MUG", "ONLINE", 1))));
        assertStatus(Status.Code.INVALID_ARGUMENT, "NO_LINES", "lines", () -> inventory.reserve(reserve(id())));
        assertStatus(Status.Code.INVALID_ARGUMENT, "INVALID_CODE", "lines[0].location",
            () -> inventory.reserve(reserve(id(), line("MUG", "", 1))));
        assertStatus(Status.Code.NOT_FOUND, "UNKNOWN_SKU", null,
            () -> inventory.reserve(reserve(id(), line("CUP", "ONLINE", 1))));
        assertStatus(Status.Code.NOT_FOUND, "UNKNOWN_RESERVATION", null, () -> inventory.confirm(
            ConfirmRequest.newBuilder().setRequestId(id()).setReservationId("424242").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "INVALID_RESERVATION_ID", "reservation_id", () -> inventory.confirm(
            ConfirmRequest.newBuilder().setRequestId(id()).setReservationId("abc").build()));
        assertStatus(Status.Code.NOT_FOUND, "UNKNOWN_SKU", null,
            () -> inventory.getStock(GetStockRequest.newBuilder().setSku("CUP").build()));
        assertStatus(Status.Code.NOT_FOUND, "UNKNOWN_LOCATION", null,
            () -> inventory.getStock(GetStockRequest.newBuilder().setSku("MUG").setLocation("MARS").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "INVALID_LOCATION_KIND", "kind", () -> admin.upsertLocation(
            Location.newBuilder().setRequestId(id()).setCode("X").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "INVALID_REASON", "reason", () -> admin.adjust(
            AdjustRequest.newBuilder().setRequestId(id()).setSku("MUG").setLocation("ONLINE").setDelta(1).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "SAME_LOCATION", "to_location", () -> admin.transfer(
            TransferRequest.newBuilder().setRequestId(id()).setSku("MUG").setFromLocation("CW").setToLocation("CW")
                .setQuantity(1).build()));
        assertEquals(10, inventory.getStock(GetStockRequest.newBuilder().setSku("MUG").setLocation("ONLINE").build())
            .getLevels(0).getAvailable());
    }

    @Test
    void shouldAnswerARetryWithTheFirstOutcome()
    {
        final Reservation first = inventory.reserve(reserve("order-1", line("MUG", "ONLINE", 2)));
        final Reservation again = inventory.reserve(reserve("order-1", line("MUG", "ONLINE", 2)));
        assertEquals(first.getReservationId(), again.getReservationId());
        assertStatus(Status.Code.ALREADY_EXISTS, "REQUEST_ID_REUSED", null,
            () -> inventory.reserve(reserve("order-1", line("MUG", "ONLINE", 3))));
        assertEquals(2, inventory.getStock(GetStockRequest.newBuilder().setSku("MUG").setLocation("ONLINE").build())
            .getLevels(0).getReserved());
    }

    @Test
    void shouldDescribeTheReservationAsStoredInEveryReply()
    {
        // A fresh hold is described from the command, a retry and merged lines from the ledger: all as GetReservation.
        final Reservation fresh = inventory.reserve(reserve("order-r", line("MUG", "ONLINE", 2)));
        assertEquals(fresh, reservation(fresh));
        inventory.confirm(ConfirmRequest.newBuilder().setRequestId(id()).setReservationId(fresh.getReservationId())
            .build());
        final Reservation retried = inventory.reserve(reserve("order-r", line("MUG", "ONLINE", 2)));
        assertEquals(ReservationState.RESERVATION_STATE_CONFIRMED, retried.getState());
        assertEquals(reservation(fresh), retried);
        final Reservation merged = inventory.reserve(reserve(id(), line("MUG", "ONLINE", 1), line("MUG", "ONLINE", 2)));
        assertEquals(List.of(line("MUG", "ONLINE", 3)), merged.getLinesList());
        assertEquals(reservation(merged), merged);
    }

    private Reservation reservation(final Reservation r)
    {
        return inventory.getReservation(GetReservationRequest.newBuilder().setReservationId(r.getReservationId()).build());
    }

    @Test
    void shouldServeTheAdminOperations()
    {
        StockLevel l = admin.receive(ReceiveRequest.newBuilder().setRequestId(id()).setSku("PEN").setLocation("CW")
            .setQuantity(20).build());
        assertEquals(20, l.getOnHand());
        l = admin.adjust(AdjustRequest.newBuilder().setRequestId(id()).setSku("PEN").setLocation("CW").setDelta(-2)
            .setReason("damaged").build());
        assertEquals(18, l.getOnHand());
        assertStatus(Status.Code.FAILED_PRECONDITION, "ADJUST_EXPECTED_MISMATCH", "on hand is 18", () -> admin.adjust(
            AdjustRequest.newBuilder().setRequestId(id()).setSku("PEN").setLocation("CW").setSetTo(5)
                .setExpectedOnHand(20).setReason("stocktake").build()));
        l = admin.adjust(AdjustRequest.newBuilder().setRequestId(id()).setSku("PEN").setLocation("CW").setSetTo(16)
            .setExpectedOnHand(18).setReason("stocktake").build());
        assertEquals(16, l.getOnHand());

        TransferResponse t = admin.transfer(TransferRequest.newBuilder().setRequestId(id()).setSku("PEN")
            .setFromLocation("CW").setToLocation("ONLINE").setQuantity(6).build());
        assertEquals(10, t.getFrom().getOnHand());
        assertEquals(6, t.getTo().getOnHand());
        t = admin.transfer(TransferRequest.newBuilder().setRequestId(id()).setSku("PEN").setFromLocation("CW")
            .setToLocation("ONLINE").setQuantity(4).setMode(TransferRequest.Mode.MODE_SHIP).build());
        assertEquals(4, t.getTo().getInTransit());
        t = admin.transfer(TransferRequest.newBuilder().setRequestId(id()).setSku("PEN").setToLocation("ONLINE")
            .setQuantity(4).setMode(TransferRequest.Mode.MODE_LAND).build());
        assertEquals(10, t.getTo().getOnHand());
        assertEquals(0, t.getTo().getInTransit());

        l = admin.setPolicy(SetPolicyRequest.newBuilder().setRequestId(id()).setSku("PEN").setLocation("ONLINE")
            .setSafetyStock(21).setReorderPoint(25).build());
        assertEquals(AlertLevel.ALERT_LEVEL_RED, l.getAlertLevel());
        assertEquals(2, inventory.getStock(GetStockRequest.newBuilder().setSku("PEN").build()).getLevelsCount());
        assertTrue(admin.verify(VerifyRequest.getDefaultInstance()).getClean());
        assertTrue(admin.checkpoint(CheckpointRequest.getDefaultInstance()).getSeq() > 0);
    }

    @Test
    void shouldStreamReservationsWithOneResultPerRequestInOrder() throws Exception
    {
        final List<ReserveResults> received = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        final StreamObserver<ReserveBatch> requests = InventoryGrpc.newStub(channel).reserveStream(
            new StreamObserver<>()
            {
                @Override
                public void onNext(final ReserveResults value)
                {
                    synchronized (received)
                    {
                        received.add(value);
                    }
                }

                @Override
                public void onError(final Throwable t)
                {
                    done.countDown();
                }

                @Override
                public void onCompleted()
                {
                    done.countDown();
                }
            });
        for (int b = 0; b < 20; b++)
        {
            final ReserveBatch.Builder batch = ReserveBatch.newBuilder();
            for (int i = 0; i < 5; i++)
            {
                batch.addRequests(reserve("s-" + b + "-" + i, line(i == 4 ? "CUP" : "MUG", "ONLINE", 1)));
            }
            requests.onNext(batch.build());
        }
        requests.onCompleted();
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(20, received.size());
        int ok = 0;
        for (int b = 0; b < 20; b++)
        {
            assertEquals(5, received.get(b).getResultsCount());
            for (int i = 0; i < 5; i++)
            {
                final var r = received.get(b).getResults(i);
                assertEquals("s-" + b + "-" + i, r.getRequestId());
                if (i == 4)
                {
                    assertEquals(ResultCode.RESULT_CODE_UNKNOWN_SKU, r.getCode());
                }
                else if (r.getCode() == ResultCode.RESULT_CODE_OK)
                {
                    ok++;
                    assertTrue(Long.parseLong(r.getReservationId()) > 0);
                }
                else
                {
                    assertEquals(ResultCode.RESULT_CODE_INSUFFICIENT_STOCK, r.getCode());
                }
            }
        }
        assertEquals(10, ok, "exactly the 10 in stock are reserved");
    }

    @Test
    void shouldWatchAlertLevelChanges()
    {
        final Iterator<StockEvent> watch = InventoryGrpc.newBlockingStub(channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .watchStock(WatchStockRequest.newBuilder().addSkus("MUG").build());
        while (events.subscriberCount() == 0)
        {
            Thread.onSpinWait();
        }
        admin.setPolicy(SetPolicyRequest.newBuilder().setRequestId(id()).setSku("MUG").setLocation("ONLINE")
            .setSafetyStock(8).setReorderPoint(9).build());
        inventory.reserve(reserve(id(), line("MUG", "ONLINE", 2)));
        final StockEvent first = watch.next();
        assertEquals(StockEvent.Kind.KIND_ALERT_LEVEL_CHANGED, first.getKind());
        assertEquals("MUG", first.getSku());
        assertEquals(AlertLevel.ALERT_LEVEL_GREEN, first.getFromLevel());
        assertEquals(AlertLevel.ALERT_LEVEL_YELLOW, first.getToLevel());
        final StockEvent second = watch.next();
        assertEquals(StockEvent.Kind.KIND_LOW_STOCK, second.getKind());
        assertEquals(8, second.getAvailable());
    }
}
