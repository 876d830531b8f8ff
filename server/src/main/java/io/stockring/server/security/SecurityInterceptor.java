package io.stockring.server.security;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.stockring.core.command.ResultCode;
import io.stockring.proto.v1.ConfirmRequest;
import io.stockring.proto.v1.GetReservationRequest;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.PlanningGrpc;
import io.stockring.proto.v1.ReleaseRequest;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.SecurityGrpc;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.server.StatusMapper;

import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Every call passes here before any service sees it (gRPC threads only):
 *
 * <pre>
 *   authenticate (certificate / bearer token)   -> UNAUTHENTICATED
 *   the method's access rule (roles)            -> PERMISSION_DENIED
 *   the channel's rate limit (one permit)       -> RESOURCE_EXHAUSTED (RATE_LIMITED)
 *   the request (Reserve: channel, limits, allocation; Confirm/Release/GetReservation: owner)
 *                                               -> PERMISSION_DENIED / RESOURCE_EXHAUSTED
 *   audit: administrative calls are recorded (fsynced) before they reach the service, and again
 *          when they end, with their outcome
 * </pre>
 *
 * A refused call is closed here: nothing reaches the engine, so the ledger is untouched. The
 * caller goes into the call's {@link Context} ({@link Caller#current()}). ReserveStream items
 * are checked one by one through {@link #open()} ({@link ReserveGate}). Without authentication
 * ({@code auth.enabled=false} or no security file) only the audit remains, with the caller
 * recorded as {@code anonymous}.
 */
public final class SecurityInterceptor implements ServerInterceptor, ReserveGate
{
    static final Context.Key<AuditNote> NOTE = Context.key("stockring.audit.note");
    static final Metadata.Key<String> REASON = Metadata.Key.of(AuditLog.REASON_HEADER,
        Metadata.ASCII_STRING_MARSHALLER);
    private static final String RESERVE_STREAM = InventoryGrpc.getReserveStreamMethod().getFullMethodName();
    /** Calls that change nothing, or that are the channels' own traffic: not audited. */
    private static final Set<String> NOT_AUDITED = Set.of(StockAdminGrpc.getVerifyMethod().getFullMethodName(),
        SecurityGrpc.getWhoAmIMethod().getFullMethodName(), SecurityGrpc.getListPrincipalsMethod().getFullMethodName(),
        SecurityGrpc.getGetAllocationMethod().getFullMethodName(), SecurityGrpc.getListAuditMethod().getFullMethodName(),
        PlanningGrpc.getListPurchaseSuggestionsMethod().getFullMethodName(),
        PlanningGrpc.getListTransferSuggestionsMethod().getFullMethodName(),
        PlanningGrpc.getGetForecastMethod().getFullMethodName(), PlanningGrpc.getGetPolicyMethod().getFullMethodName(),
        PlanningGrpc.getGetKpisMethod().getFullMethodName(), PlanningGrpc.getSuggestAllocationMethod().getFullMethodName());
    private static final Set<String> NOT_AUDITED_SERVICES = Set.of(InventoryGrpc.SERVICE_NAME, "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");

    /** What a service adds to its call's audit record (e.g. roles before and after). */
    static final class AuditNote
    {
        volatile String detail;
    }

    private enum Check
    {
        NONE, RESERVE, OWNER
    }

    private final SecurityConfig config;
    private final boolean authEnabled;
    private final Authenticator authenticator;
    private final ChannelGuard guard;
    private final Denials denials;
    private final AuditLog audit;
    private final LongSupplier clockMs;
    private final ConcurrentHashMap<String, Boolean> audited = new ConcurrentHashMap<>();
    /** Refusals of the per-channel rate-limit denials (one object per channel): built once each. */
    private final ConcurrentHashMap<Denial, Refusal> refusals = new ConcurrentHashMap<>();

    /** @param config null: no authentication */
    SecurityInterceptor(final SecurityConfig config, final ChannelGuard guard, final Denials denials,
        final AuditLog audit, final LongSupplier clockMs)
    {
        this.config = config;
        this.authEnabled = config != null && config.authEnabled();
        this.authenticator = config == null ? null : new Authenticator(config, clockMs);
        this.guard = guard;
        this.denials = denials;
        this.audit = audit;
        this.clockMs = clockMs;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(final ServerCall<Q, A> call, final Metadata headers,
        final ServerCallHandler<Q, A> next)
    {
        final MethodDescriptor<Q, A> md = call.getMethodDescriptor();
        final String method = md.getFullMethodName();
        final Caller caller;
        if (!authEnabled && !audited(method))
        {
            // Nothing to check and nothing to record: the channels' traffic passes untouched.
            return next.startCall(call, headers);
        }
        final String peer = peer(call);
        if (!authEnabled)
        {
            caller = new Caller(Principal.ANONYMOUS, "none", peer);
        }
        else
        {
            final AccessTable.Rule rule = config.access().rule(method);
            if (rule.open())
            {
                return next.startCall(call, headers);
            }
            final Object who = authenticator.authenticate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION),
                headers, peer);
            if (who instanceof Denial d)
            {
                return refuse(call, method, null, peer, d, null, headers);
            }
            caller = (Caller)who;
            final Principal p = caller.principal();
            if (!rule.allows(p))
            {
                return refuse(call, method, p, peer, new Denial(DenialReason.ROLE, "principal " + p.name() +
                    " (roles " + String.join(",", Role.names(p.roles())) + ") may not call " + method + " (needs " +
                    rule + ")"), caller, headers);
            }
            final ChannelLimits limits = p.limits();
            if (limits != null && !RESERVE_STREAM.equals(method) && !limits.tryTake(1))
            {
                return refuse(call, method, p, peer, rateLimited(limits), caller, headers);
            }
        }
        final boolean isAudited = audited(method);
        final AuditNote note = isAudited ? new AuditNote() : null;
        final AuditedCall<Q, A> auditedCall = isAudited ? new AuditedCall<>(call, caller, method, headers.get(REASON),
            note) : null;
        final ServerCall<Q, A> c = isAudited ? auditedCall : call;
        Context context = Context.current().withValue(Caller.KEY, caller);
        if (note != null)
        {
            context = context.withValue(NOTE, note);
        }
        final ServerCall.Listener<Q> listener = Contexts.interceptCall(context, c, headers, next);
        final Check check = authEnabled ? check(method) : Check.NONE;
        if (check == Check.NONE && !isAudited)
        {
            return listener;
        }
        return new CheckingListener<>(listener, c, auditedCall, check, caller, method);
    }

    private static Check check(final String method)
    {
        if (method.equals(InventoryGrpc.getReserveMethod().getFullMethodName()))
        {
            return Check.RESERVE;
        }
        if (method.equals(InventoryGrpc.getConfirmMethod().getFullMethodName()) ||
            method.equals(InventoryGrpc.getReleaseMethod().getFullMethodName()) ||
            method.equals(InventoryGrpc.getGetReservationMethod().getFullMethodName()))
        {
            return Check.OWNER;
        }
        return Check.NONE;
    }

    boolean audited(final String method)
    {
        return audited.computeIfAbsent(method, m ->
        {
            final int slash = m.indexOf('/');
            final String service = slash > 0 ? m.substring(0, slash) : m;
            return !NOT_AUDITED.contains(m) && !NOT_AUDITED_SERVICES.contains(service);
        });
    }

    private static Denial rateLimited(final ChannelLimits limits)
    {
        return limits.rateLimited();
    }

    private static String peer(final ServerCall<?, ?> call)
    {
        final SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return a == null ? "-" : a.toString();
    }

    private <Q, A> ServerCall.Listener<Q> refuse(final ServerCall<Q, A> call, final String method,
        final Principal p, final String peer, final Denial d, final Caller auditCaller, final Metadata headers)
    {
        denials.deny(d, method, p, peer);
        final Status status = close(call, d);
        if (auditCaller != null && audited(method))
        {
            audit.record(new AuditLog.Entry(clockMs.getAsLong(), auditCaller.principal().name(),
                auditCaller.authenticatedBy(), peer, method, null, headers.get(REASON), status.getCode().name(),
                status.getDescription(), null));
        }
        return new ServerCall.Listener<>()
        {
        };
    }

    private Status close(final ServerCall<?, ?> call, final Denial d)
    {
        final Refusal r = d.reason() == DenialReason.RATE_LIMITED ? refusals.computeIfAbsent(d, Refusal::of) :
            Refusal.of(d);
        // The transport adds to the trailers it is given: each call gets its own copy of the template.
        final Metadata trailers = new Metadata();
        trailers.merge(r.trailers());
        call.close(r.status(), trailers);
        return r.status();
    }

    /** The status and trailers (google.rpc.Status details) of a denial; shared ones are built once. */
    private record Refusal(Status status, Metadata trailers)
    {
        static Refusal of(final Denial d)
        {
            final StatusRuntimeException e = StatusMapper.toException(d.reason().code(), null, d.detail());
            return new Refusal(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
        }
    }

    // ------------------------------------------------------------------ ReserveStream, item by item

    @Override
    public Admission open()
    {
        final Caller caller = Caller.current();
        if (!authEnabled || caller == null)
        {
            return OPEN.open();
        }
        final Principal p = caller.principal();
        return request ->
        {
            final ChannelLimits limits = p.limits();
            Denial d = limits != null && !limits.tryTake(1) ? rateLimited(limits) : null;
            if (d == null)
            {
                d = guard.checkReserve(p, request);
            }
            if (d == null)
            {
                return ResultCode.OK;
            }
            denials.deny(d, RESERVE_STREAM, p, caller.peer());
            return d.reason().code();
        };
    }

    // ------------------------------------------------------------------ per call

    /** Records the call in the audit trail when it ends (on whatever thread ends it). */
    private final class AuditedCall<Q, A> extends ForwardingServerCall.SimpleForwardingServerCall<Q, A>
    {
        private final Caller caller;
        private final String method;
        private final String reasonHeader;
        private final AuditNote note;
        private final AtomicBoolean recorded = new AtomicBoolean();
        private volatile Message request;

        AuditedCall(final ServerCall<Q, A> delegate, final Caller caller, final String method,
            final String reasonHeader, final AuditNote note)
        {
            super(delegate);
            this.caller = caller;
            this.method = method;
            this.reasonHeader = reasonHeader;
            this.note = note;
        }

        void request(final Object message)
        {
            if (request == null && message instanceof Message m)
            {
                request = m;
            }
        }

        /** The "STARTED" record, durable before the request goes on to the service. */
        void started()
        {
            audit.recordDurably(new AuditLog.Entry(clockMs.getAsLong(), caller.principal().name(),
                caller.authenticatedBy(), caller.peer(), method, request, reasonHeader, AuditLog.STARTED,
                "recorded before the change reaches the ledger", null));
        }

        void record(final Status status)
        {
            if (recorded.compareAndSet(false, true))
            {
                audit.record(new AuditLog.Entry(clockMs.getAsLong(), caller.principal().name(),
                    caller.authenticatedBy(), caller.peer(), method, request, reasonHeader, status.getCode().name(),
                    status.getDescription(), note.detail));
            }
        }

        @Override
        public void close(final Status status, final Metadata trailers)
        {
            record(status);
            super.close(status, trailers);
        }
    }

    /** Checks the request before it reaches the service; notes it for the audit. */
    private final class CheckingListener<Q, A> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q>
    {
        private final ServerCall<Q, A> call;
        private final AuditedCall<Q, A> auditedCall;
        private final Check check;
        private final Caller caller;
        private final String method;
        private boolean closed;

        CheckingListener(final ServerCall.Listener<Q> delegate, final ServerCall<Q, A> call,
            final AuditedCall<Q, A> auditedCall, final Check check, final Caller caller, final String method)
        {
            super(delegate);
            this.call = call;
            this.auditedCall = auditedCall;
            this.check = check;
            this.caller = caller;
            this.method = method;
        }

        @Override
        public void onMessage(final Q message)
        {
            if (closed)
            {
                return;
            }
            if (auditedCall != null)
            {
                auditedCall.request(message);
            }
            final Denial d = denial(message);
            if (d != null)
            {
                closed = true;
                denials.deny(d, method, caller.principal(), caller.peer());
                close(call, d);
                return;
            }
            if (auditedCall != null)
            {
                auditedCall.started();
            }
            super.onMessage(message);
        }

        private Denial denial(final Object message)
        {
            final Principal p = caller.principal();
            switch (check)
            {
                case RESERVE:
                    return message instanceof ReserveRequest r ? guard.checkReserve(p, r) : null;
                case OWNER:
                    if (p.channel() == null)
                    {
                        return null;
                    }
                    if (message instanceof ConfirmRequest r)
                    {
                        return guard.checkOwner(p, r.getReservationId());
                    }
                    if (message instanceof ReleaseRequest r)
                    {
                        return guard.checkOwner(p, r.getReservationId());
                    }
                    if (message instanceof GetReservationRequest r)
                    {
                        return guard.checkOwner(p, r.getReservationId());
                    }
                    return null;
                default:
                    return null;
            }
        }

        @Override
        public void onHalfClose()
        {
            if (!closed)
            {
                super.onHalfClose();
            }
        }

        @Override
        public void onCancel()
        {
            if (auditedCall != null)
            {
                auditedCall.record(Status.CANCELLED.withDescription("the caller cancelled the call"));
            }
            super.onCancel();
        }
    }
}
