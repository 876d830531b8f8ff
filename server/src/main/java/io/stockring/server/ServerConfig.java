package io.stockring.server;

import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.engine.EngineConfig;
import io.stockring.planner.PlannerConfig;
import io.stockring.planner.policy.AbcClass;
import io.stockring.planner.policy.ClassPolicy;
import io.stockring.planner.policy.PolicyConfig;
import io.stockring.planner.policy.SafetyStockMethod;
import io.stockring.server.security.SecurityConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import static io.stockring.server.Settings.booleanOf;
import static io.stockring.server.Settings.check;
import static io.stockring.server.Settings.doubleOf;
import static io.stockring.server.Settings.intOf;
import static io.stockring.server.Settings.longOf;

/**
 * The server's settings: defaults, then a properties file, then command-line flags, each
 * overriding the one before. Validated as a whole before anything starts.
 *
 * <pre>
 *   bind=127.0.0.1            grpc.port=50051          metrics.port=9464
 *   data.dir=data             durability=sync          reservation.default.ttl.seconds=900
 *   max.message.bytes=4194304 stream.max.batches.in.flight=8
 *   capacity.items=100000     capacity.locations=10000 capacity.stock.entries=1000000
 *   capacity.reservations=4000000                      capacity.request.ids=8000000
 *   checkpoint.interval.seconds=300                    log.level=info
 *   snapshot.write.mb.per.second=64  (the pace of a snapshot's writes, which share the device with the
 *                                     journal's fsync; 0 = as fast as the device takes them)
 *   engine.wait.strategy=parking  (how the engine's stages wait for work: parking, sleeping, yielding or
 *                                  blocking; see EngineConfig.WaitStrategyKind and the runbook's "Threads")
 *   journal.segment.mb=256    (each journal segment is created at this size, zero-filled, and the next one
 *                              prepared: the journal takes about twice this from the start; 1-1024)
 *   request.retention.hours=24  (how long a request id's outcome is remembered: retries within it are safe;
 *                                also the longest hold a Reserve may ask for)
 *   reservation.retention.days=7  (how long a finished reservation can still be read; 16 bytes of heap each)
 *   metrics.enabled=true      (false: no metrics endpoint, no gRPC interceptors; for A/B benchmarks)
 *   planner.enabled=true      planner.history.file=DATA_DIR/planner/history.duckdb
 *   planner.collect.interval.seconds=60               planner.zone=(the system zone)
 *   planner.run.interval.minutes=60                   (every run plans every item: the A items' cadence)
 *   planner.auto.transfers=false                      planner.realtime.a.transfers=true
 *   planner.history.days=730  planner.abc.a.share=0.70 planner.abc.b.share=0.90
 *   planner.service.level.a=0.98  .b=0.95  .c=0.90     planner.central.reserve.share=0.30
 *   planner.safety.stock.method=statistical            (or max-minus-mean: SEED's (max - mean) x lead time)
 *   planner.files.dir=        (Planning.ImportCsv reads and RunNow's report writes only under it; unset:
 *                              anywhere, unless authentication is on, then file operations are refused)
 *   security.file=            (TLS, principals, limits: see SecurityConfig; none = plaintext, no authentication)
 *   allow.plaintext.non.loopback=false  (plaintext is refused on a non-loopback bind unless this is true)
 * </pre>
 */
public final class ServerConfig
{
    private static final Set<String> KEYS = Set.of("bind", "grpc.port", "metrics.port", "data.dir", "durability",
        "reservation.default.ttl.seconds", "max.message.bytes", "stream.max.batches.in.flight", "capacity.items",
        "capacity.locations", "capacity.stock.entries", "capacity.reservations", "capacity.request.ids",
        "checkpoint.interval.seconds", "snapshot.write.mb.per.second", "engine.wait.strategy", "journal.segment.mb", "request.retention.hours", "reservation.retention.days", "log.level", "metrics.enabled", "planner.enabled", "planner.history.file",
        "planner.collect.interval.seconds", "planner.zone", "planner.run.interval.minutes", "planner.auto.transfers", "planner.realtime.a.transfers",
        "planner.history.days", "planner.abc.a.share", "planner.abc.b.share", "planner.service.level.a",
        "planner.service.level.b", "planner.service.level.c", "planner.central.reserve.share",
        "planner.safety.stock.method", "planner.files.dir", "security.file", "allow.plaintext.non.loopback");

    public String bind = "127.0.0.1";
    public int grpcPort = 50051;
    public int metricsPort = 9464;
    public boolean metricsEnabled = true;
    public Path dataDir = Path.of("data");
    public Durability durability = Durability.SYNC;
    public EngineConfig.WaitStrategyKind waitStrategy = EngineConfig.WaitStrategyKind.PARKING;
    public long journalSegmentMb = 256;
    public long defaultTtlSeconds = 900;
    public int maxMessageBytes = 4 * 1024 * 1024;
    public int maxBatchesInFlight = 8;
    public LedgerCapacity capacity = LedgerCapacity.defaults();
    public long checkpointIntervalSeconds = 300;
    public long snapshotWriteMbPerSecond = EngineConfig.DEFAULT_SNAPSHOT_WRITE_BYTES_PER_SECOND / (1024 * 1024);
    public long requestRetentionHours = 24;
    public long reservationRetentionDays = 7;
    public String logLevel = "info";
    public boolean plannerEnabled = true;
    /** null: {@code data.dir/planner/history.duckdb}. */
    public Path plannerHistoryFile;
    public long plannerCollectIntervalSeconds = 60;
    public ZoneId plannerZone = ZoneId.systemDefault();
    /**
     * Minutes between planning runs. One cadence for every class: a full run over 100,000 series
     * takes well under a minute, so running B and C items less often than A would save little.
     */
    public long plannerRunIntervalMinutes = 60;
    public boolean plannerAutoTransfers;
    public boolean plannerRealtimeATransfers = true;
    public int plannerHistoryDays = 730;
    public double plannerAbcAShare = 0.70;
    public double plannerAbcBShare = 0.90;
    /** Target cycle service level per ABC class, A, B, C. */
    public double[] plannerServiceLevels = {0.98, 0.95, 0.90};
    public double plannerCentralReserveShare = 0.30;
    public SafetyStockMethod plannerSafetyStockMethod = SafetyStockMethod.STATISTICAL;
    /** Where Planning may read imports and write reports; null: anywhere (only without authentication). */
    public Path plannerFilesDir;
    /** The security file (TLS, principals, limits), or null: plaintext without authentication. */
    public Path securityFile;
    /** Replicated mode: this node's cluster file (null: single node). */
    public Path clusterFile;
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
        snapshotWriteMbPerSecond = longOf(p, "snapshot.write.mb.per.second", snapshotWriteMbPerSecond);
        journalSegmentMb = longOf(p, "journal.segment.mb", journalSegmentMb);
        final String wait = p.getProperty("engine.wait.strategy");
        waitStrategy = wait == null ? waitStrategy : waitStrategyOf(wait);
        requestRetentionHours = longOf(p, "request.retention.hours", requestRetentionHours);
        reservationRetentionDays = longOf(p, "reservation.retention.days", reservationRetentionDays);
        logLevel = p.getProperty("log.level", logLevel);
        plannerEnabled = booleanOf(p, "planner.enabled", plannerEnabled);
        final String history = p.getProperty("planner.history.file");
        plannerHistoryFile = history == null ? plannerHistoryFile : Path.of(history);
        plannerCollectIntervalSeconds = longOf(p, "planner.collect.interval.seconds", plannerCollectIntervalSeconds);
        final String zone = p.getProperty("planner.zone");
        try
        {
            plannerZone = zone == null ? plannerZone : ZoneId.of(zone.trim());
        }
        catch (final DateTimeException e)
        {
            throw new IllegalArgumentException("setting 'planner.zone' must be a time zone id such as Asia/Shanghai, " +
                "not '" + zone + "'");
        }
        plannerRunIntervalMinutes = longOf(p, "planner.run.interval.minutes", plannerRunIntervalMinutes);
        plannerAutoTransfers = booleanOf(p, "planner.auto.transfers", plannerAutoTransfers);
        plannerRealtimeATransfers = booleanOf(p, "planner.realtime.a.transfers", plannerRealtimeATransfers);
        plannerHistoryDays = intOf(p, "planner.history.days", plannerHistoryDays);
        final String filesDir = p.getProperty("planner.files.dir");
        plannerFilesDir = filesDir == null || filesDir.isBlank() ? plannerFilesDir : Path.of(filesDir.trim());
        plannerAbcAShare = doubleOf(p, "planner.abc.a.share", plannerAbcAShare);
        plannerAbcBShare = doubleOf(p, "planner.abc.b.share", plannerAbcBShare);
        plannerServiceLevels = new double[] {doubleOf(p, "planner.service.level.a", plannerServiceLevels[0]),
            doubleOf(p, "planner.service.level.b", plannerServiceLevels[1]),
            doubleOf(p, "planner.service.level.c", plannerServiceLevels[2])};
        plannerCentralReserveShare = doubleOf(p, "planner.central.reserve.share", plannerCentralReserveShare);
        final String method = p.getProperty("planner.safety.stock.method");
        if (method != null)
        {
            switch (method.trim().toLowerCase(Locale.ROOT))
            {
                case "statistical" -> plannerSafetyStockMethod = SafetyStockMethod.STATISTICAL;
                case "max-minus-mean" -> plannerSafetyStockMethod = SafetyStockMethod.SIMPLE_MAX_MINUS_MEAN;
                default -> throw new IllegalArgumentException("setting 'planner.safety.stock.method' must be " +
                    "statistical or max-minus-mean, not '" + method + "'");
            }
        }
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
        check(snapshotWriteMbPerSecond >= 0, "snapshot.write.mb.per.second must be >= 0 (0 = unpaced)");
        check(journalSegmentMb >= 1 && journalSegmentMb <= 1024, "journal.segment.mb must be 1-1024");
        check(requestRetentionHours >= 1 && requestRetentionHours <= 24 * 90,
            "request.retention.hours must be 1 to 2160 (90 days)");
        // A request's outcome forgotten while its reservation may still be held would let a late
        // retry of that Reserve be applied a second time.
        check(requestRetentionHours * 3600 >= defaultTtlSeconds,
            "request.retention.hours must cover reservation.default.ttl.seconds, or a retry could be applied twice");
        check(reservationRetentionDays >= 1 && reservationRetentionDays <= 3650,
            "reservation.retention.days must be 1 to 3650");
        check(plannerCollectIntervalSeconds >= 1, "planner collect interval must be >= 1 s");
        check(plannerRunIntervalMinutes >= 1, "planner run interval must be >= 1 minute");
        try
        {
            plannerConfig();
        }
        catch (final IllegalArgumentException | IllegalStateException e)
        {
            throw new IllegalArgumentException("planner settings: " + e.getMessage(), e);
        }
        check(Set.of("trace", "debug", "info", "warn", "error").contains(logLevel),
            "log level must be one of trace, debug, info, warn, error");
        final SecurityConfig sec = securityConfig();
        check(sec != null && sec.tlsEnabled() || allowPlaintextNonLoopback || isLoopback(bind), "plaintext gRPC " +
            "on " + bind + " (not a loopback address) is refused: configure TLS in a security file " +
            "(security.file, --security; 'stockring certs DIR' makes a development set), or say " +
            "allow.plaintext.non.loopback=true (--allow-plaintext-non-loopback)");
        return this;
    }

    /** The planner's settings as the planner takes them; throws on values it refuses. */
    public PlannerConfig plannerConfig()
    {
        final PolicyConfig.Builder policy = PolicyConfig.builder()
            .abcCumulativeShares(plannerAbcAShare, plannerAbcBShare)
            .safetyStockMethod(plannerSafetyStockMethod)
            .centralReserveShare(plannerCentralReserveShare);
        for (final AbcClass c : AbcClass.values())
        {
            final ClassPolicy d = ClassPolicy.defaultFor(c);
            policy.classPolicy(new ClassPolicy(c, d.reviewPeriodDays(), plannerServiceLevels[c.ordinal()],
                d.orderingStrategy()));
        }
        final PlannerConfig defaults = PlannerConfig.defaults(plannerZone);
        return new PlannerConfig(plannerHistoryDays, defaults.kpiWindowDays(), defaults.transferCoverDays(),
            plannerAutoTransfers, plannerRealtimeATransfers, defaults.workerThreads(), plannerZone, defaults.forecast(),
            policy.build());
    }

    public Path plannerHistoryFile()
    {
        return plannerHistoryFile != null ? plannerHistoryFile : dataDir.resolve("planner").resolve("history.duckdb");
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
            .snapshotWriteBytesPerSecond(snapshotWriteMbPerSecond * 1024 * 1024)
            .waitStrategy(waitStrategy)
            .journalSegmentBytes(journalSegmentMb * 1024 * 1024)
            .requestRetentionMs(requestRetentionHours * 3_600_000L)
            .reservationRetentionMs(reservationRetentionDays * 86_400_000L)
            .validate();
    }

    private static EngineConfig.WaitStrategyKind waitStrategyOf(final String value)
    {
        try
        {
            return EngineConfig.WaitStrategyKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("setting 'engine.wait.strategy' must be parking, sleeping, yielding " +
                "or blocking, not '" + value + "'");
        }
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
}
