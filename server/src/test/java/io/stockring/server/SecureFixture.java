package io.stockring.server;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockring.core.command.LocationKind;
import io.stockring.engine.EngineFixture;
import io.stockring.core.testing.ManualClock;
import io.stockring.engine.StockEngine;
import io.stockring.server.security.DevCertificates;
import io.stockring.server.security.Security;
import io.stockring.server.security.SecurityConfig;
import io.stockring.server.security.TokenHash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An engine with the Inventory, StockAdmin and Security services behind the security
 * interceptor, over in-process gRPC, with a security file of sample principals:
 *
 * <pre>
 *   ops      operator,reader          planner  planner          monitor  reader
 *   app      channel app: pool ONLINE (falls back to CW), 1000/s
 *   mini     channel mini: pool MINI (no fallback), at most 2 lines and 5 units a line
 *   flood    channel flood: pool ONLINE, 20/s, burst 20
 *   retired  operator, with a token that expired in 2020
 *   central reserve CW, GOLD high-value (at most 1 a line)
 * </pre>
 *
 * Locations CW > ONLINE, CW > MINI; items MUG, PEN, GOLD; stock MUG ONLINE 10, MUG CW 100, MUG
 * MINI 10, GOLD CW 5.
 */
final class SecureFixture implements AutoCloseable
{
    final Map<String, String> tokens = new LinkedHashMap<>();
    final ManualClock clock = new ManualClock(EngineFixture.T0);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Path dir;
    final StockEngine engine;
    final StockEventHub events;
    final Security security;
    final Server server;
    final ManagedChannel channel;

    SecureFixture(final Path dir) throws IOException
    {
        this(dir, "");
    }

    SecureFixture(final Path dir, final String extraSettings) throws IOException
    {
        this.dir = dir;
        for (final String name : new String[] {"ops", "planner", "monitor", "app", "mini", "flood", "retired"})
        {
            tokens.put(name, DevCertificates.newToken());
        }
        final Path file = dir.resolve("security.properties");
        Files.writeString(file, String.join("\n",
            "principal.ops.roles=operator,reader",
            "principal.ops.tokens=sha256:" + TokenHash.hex(tokens.get("ops")),
            "principal.planner.roles=planner",
            "principal.planner.tokens=" + TokenHash.hex(tokens.get("planner")),
            "principal.monitor.roles=reader",
            "principal.monitor.tokens=sha256:" + TokenHash.hex(tokens.get("monitor")),
            "principal.app.roles=channel,reader",
            "principal.app.tokens=sha256:" + TokenHash.hex(tokens.get("app")) + "@2999-01-01T00:00:00Z",
            "channel.app.pool=ONLINE",
            "channel.app.fallback.to.parent=true",
            "principal.mini.roles=channel",
            "principal.mini.tokens=sha256:" + TokenHash.hex(tokens.get("mini")),
            "channel.mini.pool=MINI",
            "channel.mini.max.lines=2",
            "channel.mini.max.quantity.per.line=5",
            "principal.flood.roles=channel",
            "principal.flood.tokens=sha256:" + TokenHash.hex(tokens.get("flood")),
            "channel.flood.pool=ONLINE",
            "channel.flood.rate.per.second=20",
            "channel.flood.burst=20",
            "principal.retired.roles=operator",
            "principal.retired.tokens=sha256:" + TokenHash.hex(tokens.get("retired")) + "@2020-01-01T00:00:00Z",
            "allocation.central.reserve=CW",
            "allocation.high.value.skus=GOLD",
            "allocation.high.value.max.per.line=1",
            extraSettings, ""));
        events = new StockEventHub();
        engine = StockEngine.start(EngineFixture.config(dir.resolve("data"), clock).eventListener(events));
        events.catalog(engine.catalog());
        EngineFixture.await(engine.upsertLocation("f-cw", "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, null));
        EngineFixture.await(engine.upsertLocation("f-online", "ONLINE", "Online", LocationKind.ONLINE_POOL, "CW"));
        EngineFixture.await(engine.upsertLocation("f-mini", "MINI", "Mini", LocationKind.ONLINE_POOL, "CW"));
        EngineFixture.await(engine.upsertItem("f-mug", "MUG", "Mug", "home"));
        EngineFixture.await(engine.upsertItem("f-pen", "PEN", "Pen", "office"));
        EngineFixture.await(engine.upsertItem("f-gold", "GOLD", "Gold bar", "vouchers"));
        EngineFixture.await(engine.receive("f-r1", "MUG", "ONLINE", 10));
        EngineFixture.await(engine.receive("f-r2", "MUG", "CW", 100));
        EngineFixture.await(engine.receive("f-r3", "MUG", "MINI", 10));
        EngineFixture.await(engine.receive("f-r4", "GOLD", "CW", 5));
        security = Security.start(SecurityConfig.load(file), engine, dir.resolve("data"), registry);
        final String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
            .intercept(security.interceptor())
            .addService(MalformedRequestGuard.guard(new InventoryService(engine, events, 900_000, 4,
                security.reserveGate(), java.util.concurrent.ForkJoinPool.commonPool()).bindService()))
            .addService(MalformedRequestGuard.guard(new StockAdminService(engine).bindService()))
            .addService(MalformedRequestGuard.guard(security.bindService()))
            .addService(MalformedRequestGuard.guard(new io.grpc.protobuf.services.HealthStatusManager()
                .getHealthService().bindService()))
            .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    /** The stub, calling as {@code principal} (null: no credentials). */
    <S extends AbstractStub<S>> S as(final String principal, final S stub)
    {
        if (principal == null)
        {
            return stub;
        }
        return withToken(tokens.get(principal), stub);
    }

    static <S extends AbstractStub<S>> S withToken(final String token, final S stub)
    {
        final Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    long appliedSeq()
    {
        return engine.stateMachine().appliedSeq();
    }

    @Override
    public void close() throws IOException
    {
        channel.shutdownNow();
        server.shutdownNow();
        try
        {
            server.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        security.close();
        events.close();
        engine.close();
    }
}
