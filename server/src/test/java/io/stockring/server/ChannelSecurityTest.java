package io.stockring.server;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.stockring.core.command.ReservationState;
import io.stockring.proto.v1.AdjustRequest;
import io.stockring.proto.v1.AuditRecord;
import io.stockring.proto.v1.ChannelPool;
import io.stockring.proto.v1.ConfirmRequest;
import io.stockring.proto.v1.GetAllocationRequest;
import io.stockring.proto.v1.GetReservationRequest;
import io.stockring.proto.v1.GetStockRequest;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.ListAuditRequest;
import io.stockring.proto.v1.ListAuditResponse;
import io.stockring.proto.v1.ReceiveRequest;
import io.stockring.proto.v1.ReleaseRequest;
import io.stockring.proto.v1.Reservation;
import io.stockring.proto.v1.ReserveBatch;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.ReserveResults;
import io.stockring.proto.v1.ResultCode;
import io.stockring.proto.v1.SecurityGrpc;
import io.stockring.proto.v1.SetChannelPoolRequest;
import io.stockring.proto.v1.SetPolicyRequest;
import io.stockring.proto.v1.SetRolesRequest;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.TransferRequest;
import io.stockring.proto.v1.WhoAmIRequest;
import io.stockring.server.security.Security;
import io.stockring.server.security.SecurityConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every role and every denial through the real interceptor and services (in-process gRPC):
 * who may call what, what a channel may reserve where, its limits, its own reservations, the
 * audit trail, and that no refusal reaches the ledger.
 */
class ChannelSecurityTest
{
    @TempDir
    Path dir;

    private SecureFixture f;
    private int ids;

    @BeforeEach
    void start() throws Exception
    {
        f = new SecureFixture(dir);
    }

    @AfterEach
    void stop() throws Exception
    {
        f.close();
    }

    private InventoryGrpc.InventoryBlockingStub inventory(final String who)
    {
        return f.as(who, InventoryGrpc.newBlockingStub(f.channel)).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private StockAdminGrpc.StockAdminBlockingStub admin(final String who)
    {
        return f.as(who, StockAdminGrpc.newBlockingStub(f.channel)).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private SecurityGrpc.SecurityBlockingStub sec(final String who)
    {
        return f.as(who, SecurityGrpc.newBlockingStub(f.channel)).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private String id()
    {
        return "s-" + (++ids);
    }

    private static ReserveLine line(final String sku, final String location, final long qty)
    {
        return ReserveLine.newBuilder().setSku(sku).setLocation(location).setQuantity(qty).build();
    }

    private ReserveRequest reserve(final String channel, final ReserveLine... lines)
    {
        return ReserveRequest.newBuilder().setRequestId(id()).setChannel(channel).addAllLines(List.of(lines))
            .setTtlSeconds(600).build();
    }

    private ReceiveRequest receive(final long qty)
    {
        return ReceiveRequest.newBuilder().setRequestId(id()).setSku("PEN").setLocation("CW").setQuantity(qty).build();
    }

    /** The call fails with this code and ErrorInfo reason, and the ledger does not move. */
    private StatusRuntimeException refused(final Status.Code code, final String reason, final Supplier<?> call)
    {
        final long before = f.appliedSeq();
        final StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::get);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        if (reason != null)
        {
            assertEquals(reason, reason(e), e.getStatus().toString());
        }
        assertEquals(before, f.appliedSeq(), "a refusal must not reach the journal");
        return e;
    }

    private static String reason(final StatusRuntimeException e)
    {
        final com.google.rpc.Status s = StatusProto.fromThrowable(e);
        if (s == null || s.getDetailsCount() == 0)
        {
            return null;
        }
        try
        {
            return s.getDetails(0).unpack(ErrorInfo.class).getReason();
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    private long available(final String sku, final String location)
    {
        return inventory("monitor").getStock(GetStockRequest.newBuilder().setSku(sku).setLocation(location).build())
            .getLevels(0).getAvailable();
    }

    @Test
    void shouldRefuseMissingWrongMalformedAndExpiredCredentials()
    {
        final ReceiveRequest r = receive(1);
        refused(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", () -> admin(null).receive(r));
        refused(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", () ->
            SecureFixture.withToken("not-a-token", StockAdminGrpc.newBlockingStub(f.channel)).receive(r));
        final StatusRuntimeException expired = refused(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", () ->
            admin("retired").receive(r));
        assertTrue(expired.getStatus().getDescription().contains("expired"), expired.getStatus().getDescription());
        final io.grpc.Metadata basic = new io.grpc.Metadata();
        basic.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Basic b3BzOng=");
        refused(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", () -> StockAdminGrpc.newBlockingStub(f.channel)
            .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(basic)).receive(r));
        refused(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", () -> inventory(null).reserve(reserve("app",
            line("MUG", "ONLINE", 1))));
        // health checks need no credentials; the right token still works
        assertEquals(io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(f.channel)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(1, admin("ops").receive(r).getOnHand());
    }

    @Test
    void shouldGiveEachRoleItsMethodsAndNoOthers()
    {
        // channel: Inventory
        final Reservation held = inventory("app").reserve(reserve("app", line("MUG", "ONLINE", 1)));
        assertEquals("app", held.getChannel());
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> admin("app").receive(receive(1)));
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> admin("app").setPolicy(
            SetPolicyRequest.newBuilder().setRequestId(id()).setSku("MUG").setLocation("ONLINE").setSafetyStock(1)
                .build()));
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> sec("app").listAudit(
            ListAuditRequest.getDefaultInstance()));
        // operator: StockAdmin (SetPolicy too), audit, roles; not the channels' Inventory
        assertEquals(1, admin("ops").receive(receive(1)).getOnHand());
        admin("ops").setPolicy(SetPolicyRequest.newBuilder().setRequestId(id()).setSku("MUG").setLocation("ONLINE")
            .setSafetyStock(2).setReorderPoint(3).build());
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("ops").reserve(reserve("app",
            line("MUG", "ONLINE", 1))));
        // planner: SetPolicy and the allocation; not goods in, not the audit
        admin("planner").setPolicy(SetPolicyRequest.newBuilder().setRequestId(id()).setSku("MUG").setLocation("ONLINE")
            .setSafetyStock(1).setReorderPoint(2).build());
        sec("planner").setChannelPool(SetChannelPoolRequest.newBuilder().setPool(ChannelPool.newBuilder()
            .setChannel("app").setSku("PEN").setLocation("CW")).setReason("pens ship from the centre").build());
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> admin("planner").receive(receive(1)));
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> sec("planner").listAudit(
            ListAuditRequest.getDefaultInstance()));
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("planner").getStock(
            GetStockRequest.newBuilder().setSku("MUG").build()));
        // reader: GetStock and the allocation; nothing that changes anything
        assertEquals(9, available("MUG", "ONLINE"));
        assertEquals(1, sec("monitor").getAllocation(GetAllocationRequest.getDefaultInstance()).getVersion());
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("monitor").reserve(reserve("app",
            line("MUG", "ONLINE", 1))));
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> admin("monitor").verify(
            io.stockring.proto.v1.VerifyRequest.getDefaultInstance()));
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> sec("monitor").setChannelPool(
            SetChannelPoolRequest.newBuilder().setPool(ChannelPool.newBuilder().setChannel("app").setLocation("CW"))
                .setReason("x").build()));
        // everyone may ask who they are
        for (final String who : f.tokens.keySet())
        {
            if (!who.equals("retired"))
            {
                assertEquals(who, sec(who).whoAmI(WhoAmIRequest.getDefaultInstance()).getName());
            }
        }
        assertEquals("token", sec("app").whoAmI(WhoAmIRequest.getDefaultInstance()).getAuthenticatedBy());
    }

    @Test
    void shouldHoldAChannelToItsOwnChannelPoolsAndLimits()
    {
        // another channel's code with my token: refused
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("app").reserve(reserve("mini",
            line("MUG", "MINI", 1))));
        // another channel's pool: refused
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("app").reserve(reserve("app",
            line("MUG", "MINI", 1))));
        // the parent while the own pool can still cover the line: refused
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("app").reserve(reserve("app",
            line("MUG", "CW", 5))));
        // the parent for a line the own pool cannot cover: allowed (fallback)
        final ReserveRequest fallback = reserve("app", line("MUG", "CW", 11));
        final Reservation first = inventory("app").reserve(fallback);
        assertEquals("CW", first.getLines(0).getLocation());
        // the pool is refilled; a retry of the same request still gets its first outcome
        admin("ops").receive(ReceiveRequest.newBuilder().setRequestId(id()).setSku("MUG").setLocation("ONLINE")
            .setQuantity(100).build());
        assertEquals(first.getReservationId(), inventory("app").reserve(fallback).getReservationId(),
            "a retried fallback reserve is answered by the ledger, not refused by the guard");
        // a new request for the parent is refused now that the pool can cover it
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("app").reserve(reserve("app",
            line("MUG", "CW", 11))));
        // mini has no fallback
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("mini").reserve(reserve("mini",
            line("MUG", "CW", 5))));
        // per-request limits: lines and units per line
        refused(Status.Code.RESOURCE_EXHAUSTED, "REQUEST_LIMIT_EXCEEDED", () -> inventory("mini").reserve(
            reserve("mini", line("MUG", "MINI", 1), line("MUG", "MINI", 1), line("MUG", "MINI", 1))));
        refused(Status.Code.RESOURCE_EXHAUSTED, "REQUEST_LIMIT_EXCEEDED", () -> inventory("mini").reserve(
            reserve("mini", line("MUG", "MINI", 6))));
        // high-value: only from the central reserve, at most one a line, whatever the channel's pool
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("app").reserve(reserve("app",
            line("GOLD", "ONLINE", 1))));
        refused(Status.Code.RESOURCE_EXHAUSTED, "REQUEST_LIMIT_EXCEEDED", () -> inventory("app").reserve(
            reserve("app", line("GOLD", "CW", 2))));
        assertEquals("CW", inventory("mini").reserve(reserve("mini", line("GOLD", "CW", 1))).getLines(0).getLocation());
        // a per-sku pool wins over the channel's default
        sec("ops").setChannelPool(SetChannelPoolRequest.newBuilder().setPool(ChannelPool.newBuilder()
            .setChannel("mini").setSku("PEN").setLocation("CW")).setReason("pens from the centre").build());
        final StatusRuntimeException noStock = assertThrows(StatusRuntimeException.class, () -> inventory("mini")
            .reserve(reserve("mini", line("PEN", "CW", 1))));
        assertEquals("INSUFFICIENT_STOCK", reason(noStock), "allowed, but there are no pens");
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("mini").reserve(reserve("mini",
            line("PEN", "MINI", 1))));
    }

    @Test
    void shouldLetAChannelFinishOnlyItsOwnReservations()
    {
        final Reservation mine = inventory("mini").reserve(reserve("mini", line("MUG", "MINI", 2)));
        final Reservation theirs = inventory("app").reserve(reserve("app", line("MUG", "ONLINE", 2)));
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("app").confirm(
            ConfirmRequest.newBuilder().setRequestId(id()).setReservationId(mine.getReservationId()).build()));
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("app").release(
            ReleaseRequest.newBuilder().setRequestId(id()).setReservationId(mine.getReservationId()).build()));
        refused(Status.Code.PERMISSION_DENIED, "PERMISSION_DENIED", () -> inventory("app").getReservation(
            GetReservationRequest.newBuilder().setReservationId(mine.getReservationId()).build()));
        assertEquals(io.stockring.proto.v1.ReservationState.RESERVATION_STATE_CONFIRMED, inventory("mini").confirm(
            ConfirmRequest.newBuilder().setRequestId(id()).setReservationId(mine.getReservationId()).build()).getState());
        assertEquals(io.stockring.proto.v1.ReservationState.RESERVATION_STATE_RELEASED, inventory("app").release(
            ReleaseRequest.newBuilder().setRequestId(id()).setReservationId(theirs.getReservationId()).build())
            .getState());
        assertEquals(8, available("MUG", "MINI"));
        assertEquals(10, available("MUG", "ONLINE"));
    }

    @Test
    void shouldThrottleAFloodingChannelAndNoOther()
    {
        int limited = 0;
        int ok = 0;
        for (int i = 0; i < 60; i++)
        {
            try
            {
                inventory("flood").getStock(GetStockRequest.newBuilder().setSku("MUG").setLocation("ONLINE").build());
                ok++;
            }
            catch (final StatusRuntimeException e)
            {
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
                assertEquals("RATE_LIMITED", reason(e));
                assertTrue(e.getStatus().getDescription().contains("channel flood"), e.getStatus().getDescription());
                limited++;
            }
            // the well-behaved channel is never throttled meanwhile
            inventory("app").getStock(GetStockRequest.newBuilder().setSku("MUG").setLocation("ONLINE").build());
        }
        assertTrue(ok >= 20 && limited > 0, ok + " ok, " + limited + " limited");
        // a throttled Reserve changes nothing (the budget refills at 20/s, so some may pass first)
        for (int i = 0; ; i++)
        {
            assertTrue(i < 1_000, "a flood of reserves was never throttled");
            final long before = f.appliedSeq();
            try
            {
                inventory("flood").reserve(reserve("flood", line("MUG", "ONLINE", 1)));
            }
            catch (final StatusRuntimeException e)
            {
                assertEquals("RATE_LIMITED", reason(e));
                assertEquals(before, f.appliedSeq());
                break;
            }
        }
    }

    @Test
    void shouldCheckEveryReserveStreamItemOnItsOwn() throws Exception
    {
        final ReserveBatch batch = ReserveBatch.newBuilder()
            .addRequests(reserve("app", line("MUG", "ONLINE", 1)))
            .addRequests(reserve("mini", line("MUG", "MINI", 1)))
            .addRequests(reserve("app", line("MUG", "MINI", 1)))
            .addRequests(reserve("app", line("GOLD", "CW", 3)))
            .build();
        final List<ReserveResults> results = stream("app", batch);
        assertEquals(List.of(ResultCode.RESULT_CODE_OK, ResultCode.RESULT_CODE_PERMISSION_DENIED,
            ResultCode.RESULT_CODE_PERMISSION_DENIED, ResultCode.RESULT_CODE_REQUEST_LIMIT_EXCEEDED),
            results.get(0).getResultsList().stream().map(io.stockring.proto.v1.ReserveResult::getCode).toList());
        // a flood over a stream: each item takes a permit; those beyond the budget are RATE_LIMITED
        final ReserveBatch.Builder big = ReserveBatch.newBuilder();
        for (int i = 0; i < 60; i++)
        {
            big.addRequests(reserve("flood", line("MUG", "ONLINE", 1)));
        }
        final List<io.stockring.proto.v1.ReserveResult> flood = stream("flood", big.build()).get(0).getResultsList();
        final long limited = flood.stream().filter(r -> r.getCode() == ResultCode.RESULT_CODE_RATE_LIMITED).count();
        final long ok = flood.stream().filter(r -> r.getCode() == ResultCode.RESULT_CODE_OK).count();
        assertTrue(limited >= 30 && ok <= 9, ok + " ok, " + limited + " limited");
        assertTrue(f.engine.verify().join().isClean());
    }

    private List<ReserveResults> stream(final String who, final ReserveBatch batch) throws InterruptedException
    {
        final List<ReserveResults> out = new ArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        final StreamObserver<ReserveBatch> in = f.as(who, InventoryGrpc.newStub(f.channel)).reserveStream(
            new StreamObserver<>()
            {
                @Override
                public void onNext(final ReserveResults value)
                {
                    out.add(value);
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
        in.onNext(batch);
        in.onCompleted();
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(1, out.size());
        return out;
    }

    @Test
    void shouldRecordEveryAdministrativeChangeWithWhoWhenWhatAndWhy() throws Exception
    {
        final io.grpc.Metadata why = new io.grpc.Metadata();
        why.put(io.grpc.Metadata.Key.of("x-stockring-reason", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
            "supplier delivery 4711");
        admin("ops").withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(why)).receive(receive(7));
        admin("ops").adjust(AdjustRequest.newBuilder().setRequestId(id()).setSku("PEN").setLocation("CW").setDelta(-1)
            .setReason("damaged").build());
        admin("ops").transfer(TransferRequest.newBuilder().setRequestId(id()).setSku("PEN").setFromLocation("CW")
            .setToLocation("ONLINE").setQuantity(2).build());
        admin("planner").setPolicy(SetPolicyRequest.newBuilder().setRequestId(id()).setSku("PEN").setLocation("ONLINE")
            .setSafetyStock(1).setReorderPoint(1).build());
        sec("planner").setChannelPool(SetChannelPoolRequest.newBuilder().setPool(ChannelPool.newBuilder()
            .setChannel("app").setSku("PEN").setLocation("CW")).setReason("pens ship from the centre").build());
        sec("ops").setRoles(SetRolesRequest.newBuilder().setPrincipal("planner").addRoles("planner").addRoles("reader")
            .setReason("planner reads stock").build());
        refused(Status.Code.PERMISSION_DENIED, null, () -> admin("app").receive(receive(1)));
        refused(Status.Code.INVALID_ARGUMENT, null, () -> sec("ops").setRoles(SetRolesRequest.newBuilder()
            .setPrincipal("planner").addRoles("planner").build()));
        refused(Status.Code.FAILED_PRECONDITION, null, () -> sec("ops").setRoles(SetRolesRequest.newBuilder()
            .setPrincipal("ops").addRoles("reader").setReason("oops").build()));
        // reads are not audited
        sec("ops").getAllocation(GetAllocationRequest.getDefaultInstance());
        inventory("app").getStock(GetStockRequest.newBuilder().setSku("PEN").build());

        final ListAuditResponse all = sec("ops").listAudit(ListAuditRequest.getDefaultInstance());
        final List<String> methods = all.getRecordsList().stream().map(AuditRecord::getMethod).toList();
        assertEquals(List.of("stockring.v1.StockAdmin/Receive", "stockring.v1.StockAdmin/Adjust",
            "stockring.v1.StockAdmin/Transfer", "stockring.v1.StockAdmin/SetPolicy",
            "stockring.v1.Security/SetChannelPool", "stockring.v1.Security/SetRoles",
            "stockring.v1.StockAdmin/Receive", "stockring.v1.Security/SetRoles", "stockring.v1.Security/SetRoles"),
            methods);
        final AuditRecord receive = all.getRecords(0);
        assertEquals("ops", receive.getPrincipal());
        assertEquals("token", receive.getAuthenticatedBy());
        assertEquals("supplier delivery 4711", receive.getReason());
        assertEquals("OK", receive.getStatus());
        assertTrue(receive.getRequestJson().contains("\"quantity\":\"7\""), receive.getRequestJson());
        assertTrue(Math.abs(receive.getAtMs() - System.currentTimeMillis()) < 60_000);
        assertEquals("damaged", all.getRecords(1).getReason());
        assertEquals("planner", all.getRecords(3).getPrincipal());
        assertTrue(all.getRecords(4).getDetail().contains("allocation version 0 -> 1"), all.getRecords(4).getDetail());
        assertEquals("roles of planner: planner -> planner,reader", all.getRecords(5).getDetail());
        assertEquals("planner reads stock", all.getRecords(5).getReason());
        assertEquals("PERMISSION_DENIED", all.getRecords(6).getStatus());
        assertEquals("app", all.getRecords(6).getPrincipal());
        assertEquals("INVALID_ARGUMENT", all.getRecords(7).getStatus());
        assertEquals("FAILED_PRECONDITION", all.getRecords(8).getStatus());
        // the role change is in force
        assertEquals(4, inventory("planner").getStock(GetStockRequest.newBuilder().setSku("PEN").setLocation("CW")
            .build()).getLevels(0).getOnHand());

        // filters and pages
        final ListAuditResponse byPlanner = sec("ops").listAudit(ListAuditRequest.newBuilder().setPrincipal("planner")
            .build());
        assertEquals(2, byPlanner.getRecordsCount());
        final ListAuditResponse page = sec("ops").listAudit(ListAuditRequest.newBuilder().setLimit(4).build());
        assertEquals(4, page.getRecordsCount());
        assertTrue(page.getMore());
        final ListAuditResponse next = sec("ops").listAudit(ListAuditRequest.newBuilder().setAfterSeq(page.getLastSeq())
            .setMethodPrefix("stockring.v1.Security/").build());
        // Each call that reached a service left a STARTED record (fsynced before the change) before its outcome.
        assertEquals(List.of(10L, 12L, 15L, 17L), next.getRecordsList().stream().map(AuditRecord::getSeq).toList());
        final ListAuditResponse withStarted = sec("ops").listAudit(ListAuditRequest.newBuilder().setIncludeStarted(true)
            .setLimit(4).build());
        assertEquals(List.of("STARTED", "OK", "STARTED", "OK"), withStarted.getRecordsList().stream()
            .map(AuditRecord::getStatus).toList());
        assertEquals(withStarted.getRecords(0).getRequestJson(), withStarted.getRecords(1).getRequestJson(),
            "the STARTED record already says who, what and why");

        // the trail and the changes survive a restart of the security layer
        f.security.close();
        try (Security again = Security.start(SecurityConfig.load(dir.resolve("security.properties")), f.engine,
            dir.resolve("data"), null))
        {
            assertEquals(9, again.audit().list(ListAuditRequest.getDefaultInstance()).getRecordsCount());
        }
        assertTrue(Files.readString(dir.resolve("data/security/state.json")).contains("\"planner\""));
    }

    @Test
    void shouldCountAndLogDenialsWithoutSecrets()
    {
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            refused(Status.Code.UNAUTHENTICATED, null, () -> SecureFixture.withToken("s3cr3t-guess",
                StockAdminGrpc.newBlockingStub(f.channel)).receive(receive(1)));
            refused(Status.Code.PERMISSION_DENIED, null, () -> inventory("app").reserve(reserve("mini",
                line("MUG", "MINI", 1))));
        }
        finally
        {
            System.setErr(original);
        }
        final String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("event=denied reason=unauthenticated method=stockring.v1.StockAdmin/Receive " +
            "principal=unauthenticated"), log);
        assertTrue(log.contains("event=denied reason=channel_mismatch method=stockring.v1.Inventory/Reserve " +
            "principal=app channel=app"), log);
        assertFalse(log.contains("s3cr3t-guess"), "a presented token must never be logged");
        for (final String token : f.tokens.values())
        {
            assertFalse(log.contains(token), "no token may be logged");
        }
        final Counter c = f.registry.find("stockring.security.denials").tags("reason", "channel_mismatch", "principal",
            "app", "method", "stockring.v1.Inventory/Reserve").counter();
        assertEquals(1.0, c.count());
        assertEquals(1.0, f.registry.find("stockring.security.denials").tags("reason", "unauthenticated").counter()
            .count());
    }
}
