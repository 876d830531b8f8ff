package io.stockring.server.security;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.stockring.core.command.Limits;
import io.stockring.core.command.ResultCode;
import io.stockring.core.request.CommandRequests;
import io.stockring.engine.Engine;
import io.stockring.proto.v1.Allocation;
import io.stockring.proto.v1.ChannelPool;
import io.stockring.proto.v1.GetAllocationRequest;
import io.stockring.proto.v1.ListAuditRequest;
import io.stockring.proto.v1.ListAuditResponse;
import io.stockring.proto.v1.ListPrincipalsRequest;
import io.stockring.proto.v1.ListPrincipalsResponse;
import io.stockring.proto.v1.SecurityGrpc;
import io.stockring.proto.v1.SetCentralReserveRequest;
import io.stockring.proto.v1.SetChannelPoolRequest;
import io.stockring.proto.v1.SetHighValueSkuRequest;
import io.stockring.proto.v1.SetRolesRequest;
import io.stockring.proto.v1.WhoAmIRequest;
import io.stockring.server.StatusMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Security service: who am I, principals and roles, the channel allocation, the audit trail.
 * Who may call what is the {@link AccessTable}'s business (the interceptor has checked it before
 * a method here runs); changes are audited by the interceptor, and kept by {@link Security}.
 */
final class SecurityService extends SecurityGrpc.SecurityImplBase
{
    private final Security security;
    private final Engine engine;

    SecurityService(final Security security, final Engine engine)
    {
        this.security = security;
        this.engine = engine;
    }

    private static Caller caller()
    {
        final Caller c = Caller.current();
        return c != null ? c : new Caller(Principal.ANONYMOUS, "none", "-");
    }

    static io.stockring.proto.v1.Principal toProto(final Principal p, final String authenticatedBy)
    {
        return io.stockring.proto.v1.Principal.newBuilder().setName(p.name()).addAllRoles(Role.names(p.roles()))
            .setChannel(p.channel() == null ? "" : p.channel()).setAuthenticatedBy(authenticatedBy).build();
    }

    @Override
    public void whoAmI(final WhoAmIRequest request, final StreamObserver<io.stockring.proto.v1.Principal> response)
    {
        final Caller c = caller();
        response.onNext(toProto(c.principal(), c.authenticatedBy()));
        response.onCompleted();
    }

    @Override
    public void listPrincipals(final ListPrincipalsRequest request,
        final StreamObserver<ListPrincipalsResponse> response)
    {
        final ListPrincipalsResponse.Builder b = ListPrincipalsResponse.newBuilder();
        for (final Principal p : security.principals())
        {
            b.addPrincipals(toProto(p, ""));
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    @Override
    public void setRoles(final SetRolesRequest request, final StreamObserver<io.stockring.proto.v1.Principal> response)
    {
        if (missingReason(request.getReason(), response))
        {
            return;
        }
        final Set<Role> roles;
        try
        {
            roles = Role.of(request.getRolesList());
        }
        catch (final IllegalArgumentException e)
        {
            response.onError(Status.INVALID_ARGUMENT.withDescription("roles: " + e.getMessage()).asRuntimeException());
            return;
        }
        try
        {
            final Principal p = security.setRoles(request.getPrincipal(), roles);
            response.onNext(toProto(p, ""));
            response.onCompleted();
        }
        catch (final Security.RefusedException e)
        {
            response.onError(e.status().asRuntimeException());
        }
        catch (final IOException e)
        {
            response.onError(Status.UNAVAILABLE.withDescription("could not store the change: " + e.getMessage())
                .asRuntimeException());
        }
    }

    @Override
    public void getAllocation(final GetAllocationRequest request, final StreamObserver<Allocation> response)
    {
        response.onNext(security.allocation());
        response.onCompleted();
    }

    @Override
    public void setChannelPool(final SetChannelPoolRequest request, final StreamObserver<Allocation> response)
    {
        final ChannelPool pool = request.getPool();
        if (missingReason(request.getReason(), response))
        {
            return;
        }
        if (!CommandRequests.isAscii(pool.getChannel(), 16))
        {
            response.onError(StatusMapper.toException(ResultCode.INVALID_CHANNEL, "pool.channel", null));
            return;
        }
        if (!security.knowsChannel(pool.getChannel()))
        {
            response.onError(Status.NOT_FOUND.withDescription("no principal has channel " + pool.getChannel())
                .asRuntimeException());
            return;
        }
        if (!pool.getSku().isEmpty() && invalidItem(pool.getSku(), "pool.sku", response))
        {
            return;
        }
        if (!request.getRemove() && invalidLocation(pool.getLocation(), "pool.location", response))
        {
            return;
        }
        update(response, a ->
        {
            final List<ChannelPool> pools = new ArrayList<>();
            for (final ChannelPool p : a.getPoolsList())
            {
                if (!(p.getChannel().equals(pool.getChannel()) && p.getSku().equals(pool.getSku())))
                {
                    pools.add(p);
                }
            }
            if (!request.getRemove())
            {
                pools.add(pool);
            }
            return a.toBuilder().clearPools().addAllPools(pools).build();
        });
    }

    @Override
    public void setCentralReserve(final SetCentralReserveRequest request, final StreamObserver<Allocation> response)
    {
        if (missingReason(request.getReason(), response))
        {
            return;
        }
        if (!request.getLocation().isEmpty() && invalidLocation(request.getLocation(), "location", response))
        {
            return;
        }
        if (request.getHighValueMaxPerLine() < 0)
        {
            response.onError(StatusMapper.toException(ResultCode.INVALID_QUANTITY, "high_value_max_per_line", null));
            return;
        }
        update(response, a -> a.toBuilder().setCentralReserve(request.getLocation())
            .setHighValueMaxPerLine(request.getHighValueMaxPerLine()).build());
    }

    @Override
    public void setHighValueSku(final SetHighValueSkuRequest request, final StreamObserver<Allocation> response)
    {
        if (missingReason(request.getReason(), response) || invalidItem(request.getSku(), "sku", response))
        {
            return;
        }
        update(response, a ->
        {
            final TreeSet<String> skus = new TreeSet<>(a.getHighValueSkusList());
            if (request.getHighValue())
            {
                skus.add(request.getSku());
            }
            else
            {
                skus.remove(request.getSku());
            }
            return a.toBuilder().clearHighValueSkus().addAllHighValueSkus(skus).build();
        });
    }

    @Override
    public void listAudit(final ListAuditRequest request, final StreamObserver<ListAuditResponse> response)
    {
        try
        {
            response.onNext(security.audit().list(request));
            response.onCompleted();
        }
        catch (final IOException e)
        {
            response.onError(Status.UNAVAILABLE.withDescription("could not read the audit trail: " + e.getMessage())
                .asRuntimeException());
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            response.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
        }
    }

    private void update(final StreamObserver<Allocation> response,
        final java.util.function.UnaryOperator<Allocation> change)
    {
        try
        {
            response.onNext(security.updateAllocation(change));
            response.onCompleted();
        }
        catch (final IOException e)
        {
            response.onError(Status.UNAVAILABLE.withDescription("could not store the change: " + e.getMessage())
                .asRuntimeException());
        }
    }

    private static boolean missingReason(final String reason, final StreamObserver<?> response)
    {
        if (reason.isBlank() || reason.length() > 500)
        {
            response.onError(StatusMapper.toException(ResultCode.INVALID_REASON, "reason", "a change to who may do " +
                "what needs a reason of 1-500 characters, for the audit trail"));
            return true;
        }
        return false;
    }

    private boolean invalidLocation(final String code, final String field, final StreamObserver<?> response)
    {
        if (!CommandRequests.isAscii(code, Limits.MAX_CODE_LENGTH))
        {
            response.onError(StatusMapper.toException(ResultCode.INVALID_CODE, field, null));
            return true;
        }
        if (engine.catalog().location(code) == null)
        {
            response.onError(StatusMapper.toException(ResultCode.UNKNOWN_LOCATION, null, "location " + code));
            return true;
        }
        return false;
    }

    private boolean invalidItem(final String code, final String field, final StreamObserver<?> response)
    {
        if (!CommandRequests.isAscii(code, Limits.MAX_CODE_LENGTH))
        {
            response.onError(StatusMapper.toException(ResultCode.INVALID_CODE, field, null));
            return true;
        }
        if (engine.catalog().item(code) == null)
        {
            response.onError(StatusMapper.toException(ResultCode.UNKNOWN_SKU, null, "sku " + code));
            return true;
        }
        return false;
    }
}
