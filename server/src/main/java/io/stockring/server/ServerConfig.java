package io.stockring.server;

import io.stockring.engine.Durability;
import io.stockring.engine.EngineConfig;
import io.stockring.ledger.LedgerCapacity;
import io.stockring.server.security.SecurityConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The server's settings: defaults, then a properties file, then command-line flags, each
 * overriding the one before. Validated as a whole before anything starts.
 *
 * <pre>
 *   bind=127.0.0.1            grpc.port=50051          metrics.port=9464
 *   data.dir=data             durability=sync          reservation.default.ttl.seconds=900
 *   max.message.bytes=4194304 stream.max.batches.in.flight=8
 *   capacity.items=100000     capacity.locations=10000 capacity.stock.entries=1000000
 *   capacity.reservations=1000000                      capacity.request.ids=2000000
 *   checkpoint.interval.seconds=300                    log.level=info
 *   metrics.enabled=true      (false: no metrics endpoint, no gRPC interceptors; for A/B benchmarks)
 *   security.file=            (TLS, principals, limits: see SecurityConfig; none = plaintext, no authentication)
 *   allow.plaintext.non.loopback=false  (plaintext is refused on a non-loopback bind unless this is true)
 * </pre>
 */
public final class ServerConfig
{
    private static final Set<String> KEYS = Set.of("bind", "grpc.port", "metrics.port", "data.dir", "durability",
        "reservation.default.ttl.seconds", "max.message.bytes", "stream.max.batches.in.flight", "capacity.items",
        "capacity.locations", "capacity.stock.entries", "capacity.reservations", "capacity.request.ids",
        "checkpoint.interval.seconds", "log.level", "metrics.enabled", "security.file", "allow.plaintext.non.loopback");

    public String bind = "127.0.0.1";
    public int grpcPort = 50051;
    public int metricsPort = 9464;
    public boolean metricsEnabled = true;
    public Path dataDir = Path.of("data");
    public Durability durability = Durability.SYNC;
    public long defaultTtlSeconds = 900;
    public int maxMessageBytes = 4 * 1024 * 1024;
    public int maxBatchesInFlight = 8;
    public LedgerCapacity capacity = LedgerCapacity.defaults();
    public long checkpointIntervalSeconds = 300;
    public String logLevel = "info";
    /** The security file (TLS, principals, limits), or null: plaintext without authentication. */
    public Path securityFile;
    public boolean allowPlaintextNonLoopback;
    private SecurityConfig security;
    private Path securityLoadedFrom;

    /** Applies a properties file; unknown keys are an error (a typo must not pass silently). */
    public ServerConfig load(final Path file) throws IOException
    {
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            p.load(r);
        }
        for (final String key : p.stringPropertyNames())
        {
            if (!KEYS.contains(key))
            {
                throw new IllegalArgumentException(file + ": unknown setting '" + key + "' (known: " +
                    String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        bind = p.getProperty("bind", bind);
        grpcPort = intOf(p, "grpc.port", grpcPort);
        metricsPort = intOf(p, "metrics.port", metricsPort);
        metricsEnabled = booleanOf(p, "metrics.enabled", metricsEnabled);
        dataDir = Path.of(p.getProperty("data.dir", dataDir.toString()));
        durability = durabilityOf(p.getProperty("durability", durability.name()));
        defaultTtlSeconds = longOf(p, "reservation.default.ttl.seconds", defaultTtlSeconds);
        maxMessageBytes = intOf(p, "max.message.bytes", maxMessageBytes);
        maxBatchesInFlight = intOf(p, "stream.max.batches.in.flight", maxBatchesInFlight);
        capacity = new LedgerCapacity(longOf(p, "capacity.items", capacity.items()),
            longOf(p, "capacity.locations", capacity.locations()),
            longOf(p, "capacity.stock.entries", capacity.stockEntries()),
            longOf(p, "capacity.reservations", capacity.reservations()),
            longOf(p, "capacity.request.ids", capacity.requestIds()));
        checkpointIntervalSeconds = longOf(p, "checkpoint.interval.seconds", checkpointIntervalSeconds);
        logLevel = p.getProperty("log.level", logLevel);
        final String sec = p.getProperty("security.file");
        if (sec != null && !sec.isBlank())
        {
            final Path f = Path.of(sec.trim());
            securityFile = f.isAbsolute() || file.toAbsolutePath().getParent() == null ? f :
                file.toAbsolutePath().getParent().resolve(f);
        }
        allowPlaintextNonLoopback = booleanOf(p, "allow.plaintext.non.loopback", allowPlaintextNonLoopback);
        return this;
    }

    public ServerConfig validate()
    {
        check(grpcPort >= 0 && grpcPort <= 65535, "grpc port must be 0-65535 (0 = any free port)");
        check(metricsPort >= 0 && metricsPort <= 65535, "metrics port must be 0-65535 (0 = any free port)");
        check(defaultTtlSeconds >= 1 && defaultTtlSeconds <= 7 * 24 * 3600, "default ttl must be 1 s to 7 days");
        check(maxMessageBytes >= 64 * 1024, "max message size must be at least 64 KiB");
        check(maxBatchesInFlight >= 1 && maxBatchesInFlight <= 1024, "stream batches in flight must be 1-1024");
        check(checkpointIntervalSeconds >= 0, "checkpoint interval must be >= 0 (0 = only at stop)");
        check(Set.of("trace", "debug", "info", "warn", "error").contains(logLevel),
            "log level must be one of trace, debug, info, warn, error");
        final SecurityConfig sec = securityConfig();
        check(sec != null && sec.tlsEnabled() || allowPlaintextNonLoopback || isLoopback(bind), "plaintext gRPC " +
            "on " + bind + " (not a loopback address) is refused: configure TLS in a security file " +
            "(security.file, --security; 'stockring certs DIR' makes a development set), or say " +
            "allow.plaintext.non.loopback=true (--allow-plaintext-non-loopback)");
        return this;
    }

    /** The security file, read and validated (once per file), or null when there is none. */
    public SecurityConfig securityConfig()
    {
        if (securityFile == null)
        {
            return null;
        }
        if (security == null || !securityFile.equals(securityLoadedFrom))
        {
            try
            {
                security = SecurityConfig.load(securityFile);
                securityLoadedFrom = securityFile;
            }
            catch (final java.io.IOException e)
            {
                throw new IllegalArgumentException("cannot read the security file " + securityFile + ": " + e, e);
            }
        }
        return security;
    }

    static boolean isLoopback(final String host)
    {
        try
        {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final java.net.UnknownHostException e)
        {
            return false;
        }
    }

    public EngineConfig engineConfig()
    {
        return new EngineConfig()
            .dataDir(dataDir)
            .durability(durability)
            .capacity(capacity)
            .checkpointIntervalMs(checkpointIntervalSeconds * 1000)
            .validate();
    }

    public static Durability durabilityOf(final String value)
    {
        try
        {
            return Durability.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("durability must be 'sync' or 'async', not '" + value + "'");
        }
    }

    private static boolean booleanOf(final Properties p, final String key, final boolean fallback)
    {
        final String v = p.getProperty(key);
        if (v == null)
        {
            return fallback;
        }
        switch (v.trim().toLowerCase(Locale.ROOT))
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("setting '" + key + "' must be true or false, not '" + v + "'");
        }
    }

    private static int intOf(final Properties p, final String key, final int fallback)
    {
        return (int)longOf(p, key, fallback);
    }

    private static long longOf(final Properties p, final String key, final long fallback)
    {
        final String v = p.getProperty(key);
        if (v == null)
        {
            return fallback;
        }
        try
        {
            return Long.parseLong(v.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("setting '" + key + "' must be a whole number, not '" + v + "'");
        }
    }

    private static void check(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
