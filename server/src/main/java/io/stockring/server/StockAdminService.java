package io.stockring.server;

import io.grpc.stub.StreamObserver;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.engine.CommandSlot;
import io.stockring.engine.Engine;
import io.stockring.proto.v1.AdjustRequest;
import io.stockring.proto.v1.CheckpointRequest;
import io.stockring.proto.v1.CheckpointResponse;
import io.stockring.proto.v1.Item;
import io.stockring.proto.v1.Location;
import io.stockring.proto.v1.ReceiveRequest;
import io.stockring.proto.v1.SetPolicyRequest;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.StockLevel;
import io.stockring.proto.v1.TransferRequest;
import io.stockring.proto.v1.TransferResponse;
import io.stockring.proto.v1.VerifyRequest;
import io.stockring.proto.v1.VerifyResponse;

import java.util.concurrent.CompletableFuture;

/** Operations: catalog, goods in, stocktakes, transfers, policies, and the ledger's own health. */
final class StockAdminService extends StockAdminGrpc.StockAdminImplBase
{
    private final Engine engine;

    StockAdminService(final Engine engine)
    {
        this.engine = engine;
    }

    @Override
    public void upsertItem(final Item request, final StreamObserver<Item> response)
    {
        final CommandSlot c = new CommandSlot();
        final ResultCode rc = engine.requests().upsertItem(c, request.getRequestId(), request.getSku(),
            request.getName(), request.getCategory());
        if (invalid(rc, response, rc == ResultCode.INVALID_CODE ? "sku" : rc == ResultCode.INVALID_NAME ? "name" :
            "request_id"))
        {
            return;
        }
        EngineCalls.submit(engine, c, response, slot -> request, null);
    }

    @Override
    public void upsertLocation(final Location request, final StreamObserver<Location> response)
    {
        final CommandSlot c = new CommandSlot();
        final ResultCode rc = engine.requests().upsertLocation(c, request.getRequestId(), request.getCode(),
            request.getName(), ProtoMapping.locationKind(request.getKind()), request.getParent());
        if (invalid(rc, response, rc == ResultCode.INVALID_LOCATION_KIND ? "kind" : rc == ResultCode.INVALID_NAME ?
            "name" : rc == ResultCode.INVALID_CODE ? "code/parent" : "request_id"))
        {
            return;
        }
        EngineCalls.submit(engine, c, response, slot -> request, slot -> "location " + request.getCode());
    }

    @Override
    public void receive(final ReceiveRequest request, final StreamObserver<StockLevel> response)
    {
        final CommandSlot c = new CommandSlot();
        final ResultCode rc = engine.requests().receive(c, request.getRequestId(), request.getSku(),
            request.getLocation(), request.getQuantity());
        if (invalid(rc, response, stockField(rc)))
        {
            return;
        }
        EngineCalls.submit(engine, c, response, slot -> level(request.getSku(), request.getLocation()),
            slot -> request.getSku() + " at " + request.getLocation());
    }

    @Override
    public void adjust(final AdjustRequest request, final StreamObserver<StockLevel> response)
    {
        final CommandSlot c = new CommandSlot();
        final ResultCode rc;
        switch (request.getChangeCase())
        {
            case DELTA:
                rc = engine.requests().adjustBy(c, request.getRequestId(), request.getSku(), request.getLocation(),
                    request.getDelta(), request.getReason());
                break;
            case SET_TO:
                rc = engine.requests().adjustTo(c, request.getRequestId(), request.getSku(), request.getLocation(),
                    request.getExpectedOnHand(), request.getSetTo(), request.getReason());
                break;
            default:
                rc = ResultCode.INVALID_QUANTITY;
        }
        if (invalid(rc, response, rc == ResultCode.INVALID_QUANTITY ? "delta/set_to" :
            rc == ResultCode.INVALID_REASON ? "reason" : stockField(rc)))
        {
            return;
        }
        EngineCalls.submit(engine, c, response, slot -> level(request.getSku(), request.getLocation()),
            slot -> slot.result == ResultCode.ADJUST_EXPECTED_MISMATCH ? "on hand is " + slot.resultValue :
                request.getSku() + " at " + request.getLocation());
    }

    @Override
    public void transfer(final TransferRequest request, final StreamObserver<TransferResponse> response)
    {
        final CommandSlot c = new CommandSlot();
        final ResultCode rc;
        switch (request.getMode())
        {
            case MODE_IMMEDIATE:
                rc = engine.requests().transfer(c, CommandType.TRANSFER, request.getRequestId(), request.getSku(),
                    request.getFromLocation(), request.getToLocation(), request.getQuantity());
                break;
            case MODE_SHIP:
                rc = engine.requests().transfer(c, CommandType.TRANSFER_OUT, request.getRequestId(), request.getSku(),
                    request.getFromLocation(), request.getToLocation(), request.getQuantity());
                break;
            case MODE_LAND:
                rc = engine.requests().transferIn(c, request.getRequestId(), request.getSku(), request.getToLocation(),
                    request.getQuantity());
                break;
            default:
                rc = ResultCode.INVALID_CODE;
        }
        if (invalid(rc, response, rc == ResultCode.SAME_LOCATION ? "to_location" : rc == ResultCode.INVALID_CODE ?
            "sku/from_location/to_location/mode" : stockField(rc)))
        {
            return;
        }
        EngineCalls.submit(engine, c, response, slot ->
        {
            final TransferResponse.Builder b = TransferResponse.newBuilder()
                .setTo(level(request.getSku(), request.getToLocation()));
            if (request.getMode() != TransferRequest.Mode.MODE_LAND)
            {
                b.setFrom(level(request.getSku(), request.getFromLocation()));
            }
            return b.build();
        }, slot -> request.getSku() + " from " + request.getFromLocation() + " to " + request.getToLocation());
    }

    @Override
    public void setPolicy(final SetPolicyRequest request, final StreamObserver<StockLevel> response)
    {
        final CommandSlot c = new CommandSlot();
        final ResultCode rc = engine.requests().setPolicy(c, request.getRequestId(), request.getSku(),
            request.getLocation(), request.getSafetyStock(), request.getReorderPoint());
        if (invalid(rc, response, rc == ResultCode.INVALID_THRESHOLDS ? "safety_stock/reorder_point" : stockField(rc)))
        {
            return;
        }
        EngineCalls.submit(engine, c, response, slot -> level(request.getSku(), request.getLocation()),
            slot -> request.getSku() + " at " + request.getLocation());
    }

    @Override
    public void verify(final VerifyRequest request, final StreamObserver<VerifyResponse> response)
    {
        engine.verify().whenComplete((report, error) ->
        {
            if (error != null)
            {
                response.onError(StatusMapper.toException(ResultCode.RING_FULL, null, error.getMessage()));
                return;
            }
            response.onNext(verifyResponse(report));
            response.onCompleted();
        });
    }

    static VerifyResponse verifyResponse(final LedgerVerifier.Report report)
    {
        return VerifyResponse.newBuilder()
            .setClean(report.isClean())
            .setStockEntries(report.stockEntries())
            .setReservations(report.reservations())
            .setHeldReservations(report.heldReservations())
            .addAllProblems(report.problems())
            .build();
    }

    @Override
    public void checkpoint(final CheckpointRequest request, final StreamObserver<CheckpointResponse> response)
    {
        final CompletableFuture<Outcome> f = engine.checkpoint();
        f.whenComplete((outcome, error) ->
        {
            if (outcome == null || !outcome.isOk())
            {
                response.onError(StatusMapper.toException(outcome == null ? ResultCode.INTERNAL_ERROR : outcome.code(),
                    null, "checkpoint failed; see the server log"));
                return;
            }
            response.onNext(CheckpointResponse.newBuilder().setSeq(outcome.value()).build());
            response.onCompleted();
        });
    }

    private StockLevel level(final String sku, final String location)
    {
        return engine.stock(sku, location).map(ProtoMapping::stockLevel)
            .orElse(ProtoMapping.emptyLevel(sku, location));
    }

    private static String stockField(final ResultCode rc)
    {
        switch (rc)
        {
            case INVALID_REQUEST_ID:
                return "request_id";
            case INVALID_QUANTITY:
                return "quantity";
            case INVALID_CODE:
                return "sku/location";
            default:
                return null;
        }
    }

    private static boolean invalid(final ResultCode rc, final StreamObserver<?> response, final String field)
    {
        if (rc == ResultCode.OK)
        {
            return false;
        }
        response.onError(StatusMapper.toException(rc, rc == ResultCode.INVALID_REQUEST_ID ? "request_id" : field,
            null));
        return true;
    }
}
