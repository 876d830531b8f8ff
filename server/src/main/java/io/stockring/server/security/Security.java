package io.stockring.server.security;

import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockring.engine.Engine;
import io.stockring.proto.v1.Allocation;
import io.stockring.proto.v1.RoleList;
import io.stockring.proto.v1.SecurityState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Channels and security in one place, for {@code StockringServer}: TLS material, the interceptor
 * every call passes ({@link SecurityInterceptor}), the ReserveStream gate, the Security service,
 * the audit trail and the stored state (allocation, role changes) under
 * {@code DATA_DIR/security/}.
 *
 * <pre>
 *   security file --(start)--> SecurityConfig: principals, tokens (digests), limits, access, TLS files
 *   DATA_DIR/security/state.json  allocation and role changes made over gRPC (else the file's seed)
 *   DATA_DIR/security/audit.jsonl every administrative call
 * </pre>
 *
 * Without a security file the server runs as before (plaintext on loopback, no authentication),
 * and the audit trail still records every administrative call, as {@code anonymous}.
 * Changes (roles, allocation) are serialised by this object's lock; they are rare.
 */
public final class Security implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Security.class);

    /** A change the Security service refuses, with its status. */
    static final class RefusedException extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final transient Status status;

        RefusedException(final Status status)
        {
            super(status.getDescription(), null, false, false);
            this.status = status;
        }

        Status status()
        {
            return status;
        }
    }

    private final SecurityConfig config;
    private final Engine engine;
    private final SecurityStore store;
    private final AuditLog audit;
    private final ChannelGuard guard;
    private final Denials denials;
    private final SecurityInterceptor interceptor;
    private final TlsMaterial tls;
    private SecurityState state;

    private Security(final SecurityConfig config, final Engine engine, final Path dir,
        final MeterRegistry registry, final LongSupplier clockMs) throws IOException
    {
        this.config = config;
        this.engine = engine;
        this.store = new SecurityStore(dir);
        final SecurityState stored = store.load();
        final Allocation seed = config == null ? Allocation.getDefaultInstance() : config.allocationSeed();
        this.state = stored != null ? stored : SecurityState.newBuilder().setAllocation(seed).build();
        if (config != null)
        {
            for (final Map.Entry<String, RoleList> e : state.getRolesMap().entrySet())
            {
                final Principal p = config.principals().get(e.getKey());
                if (p == null)
                {
                    LOG.warn("event=stored_roles_ignored principal={} reason=not_in_security_file", e.getKey());
                    continue;
                }
                p.roles(Role.of(e.getValue().getRolesList()));
            }
        }
        this.guard = new ChannelGuard(engine, state.getAllocation());
        this.denials = new Denials(registry, config == null ? Set.of() : config.principals().keySet());
        TlsMaterial material = null;
        AuditLog log = null;
        final long auditMs;
        try
        {
            final long auditStart = System.nanoTime();
            log = new AuditLog(dir, clockMs);
            auditMs = (System.nanoTime() - auditStart) / 1_000_000;
            material = config != null && config.tlsEnabled() ? new TlsMaterial(config) : null;
        }
        catch (final IOException | RuntimeException e)
        {
            if (log != null)
            {
                log.close();
            }
            throw e;
        }
        this.audit = log;
        this.tls = material;
        this.interceptor = new SecurityInterceptor(config, guard, denials, audit, clockMs);
        if (registry != null)
        {
            io.micrometer.core.instrument.Gauge.builder("stockring.security.allocation.version", this,
                s -> s.allocation().getVersion())
                .description("Version of the channel allocation (goes up with every change)")
                .register(registry);
        }
        LOG.info("event=security tls={} auth={} principals={} allocation={} audit={} auditOpenMs={}", tls != null,
            config != null && config.authEnabled(), config == null ? 0 : config.principals().size(),
            stored != null ? "stored" : "seed", audit.file(), auditMs);
    }

    /**
     * @param config the security file, or null (no TLS, no authentication)
     * @param registry for the denial counters; null when metrics are off
     */
    public static Security start(final SecurityConfig config, final Engine engine, final Path dataDir,
        final MeterRegistry registry) throws IOException
    {
        return new Security(config, engine, dataDir.resolve("security"), registry, System::currentTimeMillis);
    }

    /** For tests: an injected clock (token expiry, audit times). */
    static Security start(final SecurityConfig config, final Engine engine, final Path dataDir,
        final MeterRegistry registry, final LongSupplier clockMs) throws IOException
    {
        return new Security(config, engine, dataDir.resolve("security"), registry, clockMs);
    }

    /** Goes onto the gRPC server, inside the metrics interceptors (so refusals are timed and counted too). */
    public SecurityInterceptor interceptor()
    {
        return interceptor;
    }

    public ReserveGate reserveGate()
    {
        return interceptor;
    }

    public ServerServiceDefinition bindService()
    {
        return new SecurityService(this, engine).bindService();
    }

    /** TLS credentials for the gRPC port, or null for plaintext. */
    public ServerCredentials serverCredentials()
    {
        return tls == null ? null : tls.serverCredentials();
    }

    /** For HTTPS on the metrics port, or null (plain HTTP). */
    public SSLContext metricsTls()
    {
        return tls == null ? null : tls.httpsContext();
    }

    /**
     * Who may scrape {@code /metrics}: a test of the request's {@code Authorization} header (null
     * when anyone may). A principal with the reader role, by bearer token.
     */
    public Predicate<String> metricsAuthorizer()
    {
        if (config == null || !config.metricsRequireReader())
        {
            return null;
        }
        return header ->
        {
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7))
            {
                return false;
            }
            final byte[] digest = TokenHash.digest(header.substring(7).trim());
            final Principal p = config.byToken(digest);
            if (p == null || !p.has(Role.READER))
            {
                return false;
            }
            final long now = System.currentTimeMillis();
            return p.tokens().stream().anyMatch(t -> TokenHash.matches(t.digest(), digest) && !t.expired(now));
        };
    }

    public boolean tlsEnabled()
    {
        return tls != null;
    }

    public boolean authEnabled()
    {
        return config != null && config.authEnabled();
    }

    public AuditLog audit()
    {
        return audit;
    }

    Collection<Principal> principals()
    {
        return config == null ? List.of() : config.principals().values();
    }

    boolean knowsChannel(final String channel)
    {
        return principals().stream().anyMatch(p -> channel.equals(p.channel()));
    }

    synchronized Allocation allocation()
    {
        return state.getAllocation();
    }

    /** Applies a change to the allocation, stores it, then makes it the one in force. */
    synchronized Allocation updateAllocation(final UnaryOperator<Allocation> change) throws IOException
    {
        final Allocation before = state.getAllocation();
        final Allocation next = change.apply(before).toBuilder().setVersion(before.getVersion() + 1).build();
        final SecurityState nextState = state.toBuilder().setAllocation(next).build();
        store.save(nextState);
        state = nextState;
        guard.allocation(next);
        note("allocation version " + before.getVersion() + " -> " + next.getVersion());
        return next;
    }

    /** Replaces a principal's roles; refused when it would leave no operator. */
    synchronized Principal setRoles(final String name, final Set<Role> roles) throws IOException, RefusedException
    {
        final Principal p = config == null ? null : config.principals().get(name);
        if (p == null)
        {
            throw new RefusedException(Status.NOT_FOUND.withDescription("no principal '" + name + "' in the " +
                "security file"));
        }
        if (p.has(Role.CHANNEL) != roles.contains(Role.CHANNEL))
        {
            throw new RefusedException(Status.FAILED_PRECONDITION.withDescription("the channel role comes with a " +
                "channel code and limits: give or take it in the security file"));
        }
        final long now = System.currentTimeMillis();
        final boolean otherOperator = config.principals().values().stream().anyMatch(o -> o != p &&
            o.has(Role.OPERATOR) && (o.certificateCn() != null || o.tokens().stream().anyMatch(t -> !t.expired(now))));
        if (!roles.contains(Role.OPERATOR) && !otherOperator)
        {
            throw new RefusedException(Status.FAILED_PRECONDITION.withDescription("that would leave no principal " +
                "with the operator role and a usable credential"));
        }
        final List<String> before = Role.names(p.roles());
        final SecurityState next = state.toBuilder().putRoles(name, RoleList.newBuilder()
            .addAllRoles(Role.names(roles)).build()).build();
        store.save(next);
        state = next;
        p.roles(roles);
        note("roles of " + name + ": " + String.join(",", before) + " -> " + String.join(",", Role.names(roles)));
        LOG.info("event=roles_changed principal={} before={} after={}", name, before, Role.names(roles));
        return p;
    }

    private static void note(final String detail)
    {
        final SecurityInterceptor.AuditNote note = SecurityInterceptor.NOTE.get();
        if (note != null)
        {
            note.detail = detail;
        }
    }

    /** Refusals since start (tests). */
    long denials()
    {
        return denials.total();
    }

    @Override
    public void close()
    {
        if (tls != null)
        {
            tls.close();
        }
        audit.close();
    }
}
