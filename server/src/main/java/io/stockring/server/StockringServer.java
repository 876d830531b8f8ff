package io.stockring.server;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.stockring.core.ledger.StockEventListeners;
import io.stockring.cluster.ClusterEngine;
import io.stockring.cluster.ClusterFile;
import io.stockring.core.journal.Durability;
import io.stockring.engine.Engine;
import io.stockring.engine.EngineConfig;
import io.stockring.engine.StockEngine;
import io.stockring.planner.history.HistoryStore;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.PlanningGrpc;
import io.stockring.proto.v1.SecurityGrpc;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.server.metrics.StockringMetrics;
import io.stockring.server.planning.PlannerEventFeed;
import io.stockring.server.planning.PlannerMetrics;
import io.stockring.server.planning.PlannerRuntime;
import io.stockring.server.planning.PlanningService;
import io.stockring.server.security.Security;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine behind gRPC: Inventory, StockAdmin, Planning (when the planner is on) and Security,
 * the standard health service and server reflection (so any gRPC tool or language can call it from the .proto files alone). TLS,
 * authentication, authorization and the audit trail come from {@link Security}. The port is bound
 * only after recovery, so a client that can connect gets answers.
 */
public final class StockringServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StockringServer.class);

    private final Engine engine;
    private final StockEventHub events;
    private final HealthStatusManager health = new HealthStatusManager();
    private final Server server;
    private final StockringMetrics metrics;
    private final Security security;
    private final PlannerRuntime planner;
    /** The calls that may wait (see {@link #EVENT_LOOP_METHODS}); threads come and go with demand. */
    private final ExecutorService blockingCalls = Executors.newCachedThreadPool(new ThreadFactory()
    {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(final Runnable r)
        {
            final Thread t = new Thread(r, "stockring-grpc-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });
    private volatile boolean closed;

    private StockringServer(final ServerConfig config, final Engine engine, final StockEventHub events,
        final StockringMetrics metrics, final Security security, final PlannerRuntime planner) throws IOException
    {
        this.engine = engine;
        this.events = events;
        this.metrics = metrics;
        this.security = security;
        this.planner = planner;
        final InetSocketAddress address = new InetSocketAddress(config.bind, config.grpcPort);
        final NettyServerBuilder builder = security.serverCredentials() == null ? NettyServerBuilder.forAddress(address) :
            NettyServerBuilder.forAddress(address, security.serverCredentials());
        builder.directExecutor().callExecutor(this::callExecutor);
        // Added first, so it runs inside the metrics interceptors: refusals are counted by status too.
        builder.intercept(security.interceptor());
        if (metrics != null)
        {
            metrics.interceptors().forEach(builder::intercept);
        }
        if (planner != null)
        {
            builder.addService(MalformedRequestGuard.guard(new PlanningService(planner, config.plannerFilesDir,
                security.authEnabled()).bindService()));
        }
        this.server = builder
            .maxInboundMessageSize(config.maxMessageBytes)
            .addService(MalformedRequestGuard.guard(new InventoryService(engine, events,
                config.defaultTtlSeconds * 1000, config.maxBatchesInFlight, security.reserveGate(), blockingCalls)
                .bindService()))
            .addService(MalformedRequestGuard.guard(new StockAdminService(engine).bindService()))
            .addService(MalformedRequestGuard.guard(security.bindService()))
            // Guarded too: garbage sent to them would otherwise end as UNKNOWN (found by SecurityFuzzTest).
            .addService(MalformedRequestGuard.guard(health.getHealthService().bindService()))
            .addService(MalformedRequestGuard.guard(ProtoReflectionServiceV1.newInstance().bindService()))
            .build()
            .start();
        health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
        health.setStatus(InventoryGrpc.SERVICE_NAME, HealthCheckResponse.ServingStatus.SERVING);
        health.setStatus(StockAdminGrpc.SERVICE_NAME, HealthCheckResponse.ServingStatus.SERVING);
        health.setStatus(SecurityGrpc.SERVICE_NAME, HealthCheckResponse.ServingStatus.SERVING);
        if (planner != null)
        {
            health.setStatus(PlanningGrpc.SERVICE_NAME, HealthCheckResponse.ServingStatus.SERVING);
        }
    }

    /**
     * The calls of the hot path run where their messages arrive, on the transport's event loop:
     * their handlers (interceptors included) only validate, look up and publish to the ring or
     * read the ledger, never wait, so handing each to an executor thread would only add thread
     * wake-ups to every call (on two cores, CPU the calls themselves need). The health check is
     * among them so that the empty-handler baseline pays what Reserve pays. Everything else
     * (administration waits for the audit trail's fsync, Verify and Checkpoint for the writer,
     * watches stream for long, the planner reads its store) runs on {@link #blockingCalls}, and
     * so does ReserveStream: one hop per batch of up to thousands of requests is nothing, and the
     * event loop then parses the next frames while a pool thread validates and publishes this
     * batch (9 % more reserves/s in an A/B/B/A of in-process stream runs).
     *
     * <p>The server's default executor is direct, so that gRPC's own first step of every call
     * (finding the method, the interceptors' startCall, which only check and never wait) does not
     * hop either; {@link #callExecutor} then moves the calls that may wait.
     */
    private static final Set<String> EVENT_LOOP_METHODS = Set.of(
        InventoryGrpc.getReserveMethod().getFullMethodName(),
        InventoryGrpc.getConfirmMethod().getFullMethodName(),
        InventoryGrpc.getReleaseMethod().getFullMethodName(),
        InventoryGrpc.getGetReservationMethod().getFullMethodName(),
        InventoryGrpc.getGetStockMethod().getFullMethodName(),
        HealthGrpc.getCheckMethod().getFullMethodName());

    /** {@link io.grpc.ServerCallExecutorSupplier}: null keeps the call on the (direct) default executor. */
    private <Q, A> Executor callExecutor(final ServerCall<Q, A> call, final Metadata headers)
    {
        return runsOnEventLoop(call.getMethodDescriptor().getFullMethodName()) ? null : blockingCalls;
    }

    static boolean runsOnEventLoop(final String fullMethodName)
    {
        return EVENT_LOOP_METHODS.contains(fullMethodName);
    }

    /** Ready: recovered (the port is bound only after recovery), serving, not stopping, not halted. */
    public boolean isReady()
    {
        return !closed && !server.isShutdown() && engine.isHealthy();
    }

    /**
     * Recovers the engine from the data directory, then opens the gRPC port, then the metrics
     * port (unless {@code metrics.enabled=false}), then lets the engine open its snapshot replica.
     */
    public static StockringServer start(final ServerConfig config) throws IOException
    {
        config.validate();
        final StartupTimes times = new StartupTimes();
        final StockEventHub events = new StockEventHub();
        // Replicated mode runs no planner in the node yet: three nodes would each push their own plan.
        final boolean planner0 = config.plannerEnabled && config.clusterFile == null;
        if (config.plannerEnabled && !planner0)
        {
            LOG.warn("event=planner_off reason=cluster_mode: run the planner beside the cluster (issue 19)");
        }
        final PlannerEventFeed plannerFeed = planner0 ? PlannerRuntime.newFeed() : null;
        final CompletableFuture<HistoryStore> history = plannerFeed == null ? null : PlannerRuntime.openHistory(config);
        final Engine engine;
        try
        {
            // The replica opens once the server serves (below): its recovery would share the cores with ours.
            final EngineConfig engineConfig = config.engineConfig().replicaOpenDeferred(true)
                .eventListener(plannerFeed == null ? events : StockEventListeners.of(events, plannerFeed));
            engine = config.clusterFile == null ? StockEngine.start(engineConfig) : ClusterEngine.start(
                ClusterFile.load(config.clusterFile, config.dataDir, config.durability == Durability.SYNC), engineConfig);
        }
        catch (final IOException | RuntimeException e)
        {
            if (history != null)
            {
                history.thenAccept(HistoryStore::close);
            }
            throw e;
        }
        events.catalog(engine.catalog());
        times.mark("engine");
        final StockringMetrics metrics = config.metricsEnabled ? new StockringMetrics() : null;
        Security security = null;
        PlannerRuntime planner = null;
        StockringServer server = null;
        try
        {
            security = Security.start(config.securityConfig(), engine, config.dataDir,
                metrics == null ? null : metrics.registry());
            times.mark("security");
            planner = plannerFeed == null ? null : PlannerRuntime.start(config, engine, plannerFeed, Clock.systemUTC(),
                PlannerRuntime.awaitHistory(history));
            times.mark("planner");
            server = new StockringServer(config, engine, events, metrics, security, planner);
            times.mark("grpc");
            if (metrics != null)
            {
                if (planner != null)
                {
                    PlannerMetrics.bind(metrics.registry(), planner);
                }
                metrics.serve(config.bind, config.metricsPort, engine, events, config.dataDir, server::isReady,
                    security.metricsTls(), security.metricsAuthorizer());
                times.mark("metrics");
            }
            LOG.info("event=started {}", times);
            LOG.info("event=serving bind={} grpcPort={} metricsPort={} dataDir={} durability={} recovery={} tls={} " +
                "auth={}", config.bind, server.port(), server.metricsPort(), config.dataDir.toAbsolutePath(),
                config.durability, engine instanceof StockEngine single ? single.recoveryReport().mode() : "cluster",
                security.tlsEnabled(), security.authEnabled());
            if (engine instanceof StockEngine single)
            {
                single.openReplica();
            }
            return server;
        }
        catch (final IOException | RuntimeException e)
        {
            if (server != null)
            {
                server.close();
            }
            else
            {
                if (metrics != null)
                {
                    metrics.close();
                }
                if (security != null)
                {
                    security.close();
                }
                if (planner != null)
                {
                    planner.close();
                }
                else if (history != null)
                {
                    history.thenAccept(HistoryStore::close);
                }
                events.close();
                engine.close();
            }
            throw e;
        }
    }

    public int port()
    {
        return server.getPort();
    }

    /** The bound metrics port; 0 when metrics are off. */
    public int metricsPort()
    {
        return metrics == null ? 0 : metrics.port();
    }

    /** The metrics, or null when they are off. */
    public StockringMetrics metrics()
    {
        return metrics;
    }

    public Engine engine()
    {
        return engine;
    }

    /** The planner, or null when {@code planner.enabled=false}. */
    public PlannerRuntime planner()
    {
        return planner;
    }

    /** TLS, authentication, allocation, audit. */
    public Security security()
    {
        return security;
    }

    /**
     * Orderly stop: health goes NOT_SERVING, no new calls are accepted, calls in flight finish
     * (up to a grace period), then the engine drains its ring, checkpoints and closes.
     */
    @Override
    public synchronized void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        closed = true;
        health.enterTerminalState();
        if (metrics != null)
        {
            metrics.close();
        }
        server.shutdown();
        events.close();
        try
        {
            if (!server.awaitTermination(10, TimeUnit.SECONDS))
            {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        blockingCalls.shutdown();
        security.close();
        if (planner != null)
        {
            // After the gRPC calls (Planning reads the history), before the engine (the final sample reads the ledger).
            planner.close();
        }
        engine.close();
    }
}
