package io.stockring.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.stockring.client.StockringClient;
import io.stockring.client.StreamingReserver;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.proto.v1.VerifyResponse;
import io.stockring.server.ServerConfig;
import io.stockring.server.StockringServer;
import org.HdrHistogram.HistogramLogWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code stockring bench load}: the end-to-end load generator. Drives a stockring server over
 * gRPC (one it starts in-process with {@code --start}, or a running one on loopback with
 * {@code --target}), measures throughput and latency (HdrHistogram; open loop from the planned
 * send time), then checks the ledger ({@code Verify}) and the books against what it saw
 * acknowledged.
 *
 * <pre>
 *   LoadMain --setup--> StockAdmin (items, stock)      --phases--> Inventory.Reserve / ReserveStream
 *            --check--> Verify + GetStock of every SKU  --report--> text, JSON, HdrHistogram log
 * </pre>
 *
 * Exit codes: 0 done and checks passed; 1 a check failed or the run broke; 2 bad usage; 3 no
 * server; 4 the open-loop rate was not held (generator behind, or in-flight cap reached); 130 Ctrl-C.
 */
@Command(name = "stockring bench load", mixinStandardHelpOptions = true, sortOptions = false,
    description = "End-to-end load against a stockring server: closed or open loop, HdrHistogram latencies, then " +
        "Verify and a books check. Talks to 127.0.0.1 only; every run stops by itself.")
public final class LoadMain implements Callable<Integer>
{
    static final int EXIT_CHECK_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_NO_SERVER = 3;
    static final int EXIT_RATE_NOT_HELD = 4;
    static final int EXIT_INTERRUPTED = 130;
    static final long MAX_PHASE_NS = TimeUnit.MINUTES.toNanos(10);
    static final long DEADLINE_MS = 5_000;

    @Option(names = "--target", paramLabel = "HOST:PORT", description = "A running server (loopback only).")
    String target;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
        description = "With --target: the server's metrics endpoint, scraped around every window (loopback only).")
    String metrics;

    @Option(names = "--start", description = "Start an in-process server on 127.0.0.1 with a temporary data directory.")
    boolean start;

    @Option(names = "--durability", paramLabel = "MODE",
        description = "With --start: sync (default) or async. With --target: what the server runs with (for the " +
            "report).")
    String durability;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "uniform",
        description = "empty, uniform (default), zipf, hot, multiline, reserve-confirm, reserve-release, mixed, " +
            "expire, transfer.")
    String scenario;

    @Option(names = "--skus", paramLabel = "N", defaultValue = "100000", description = "SKUs in play (default 100000).")
    int skus;

    @Option(names = "--mode", paramLabel = "closed|open", defaultValue = "closed",
        description = "closed: --concurrency calls in flight, as fast as possible; open: a constant --rate.")
    String mode;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "64",
        description = "Closed loop: operations in flight (default 64).")
    int concurrency;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "1",
        description = "HTTP/2 connections the calls are spread over (default 1); each has its own event loop.")
    int connections;

    @Option(names = "--rate", paramLabel = "R", description = "Open loop: operations per second (20000, 20k, 1.5M).")
    String rate;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "20000",
        description = "Open loop: at most this many outstanding; operations due beyond it count as not sent.")
    int maxInFlight;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10s",
        description = "Measured window per phase (default 10s, at most 10m).")
    String duration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "5s",
        description = "Warm-up before each window (default 5s).")
    String warmup;

    @Option(names = "--transport", paramLabel = "unary|stream", defaultValue = "unary",
        description = "Reserve as unary calls, or batched over ReserveStream (the client's StreamingReserver).")
    String transport;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1024",
        description = "Stream: requests per batch at most.")
    int batchSize;

    @Option(names = "--batches-in-flight", paramLabel = "N", defaultValue = "8",
        description = "Stream: batches in flight.")
    int batchesInFlight;

    @Option(names = "--stream-concurrency", paramLabel = "N", defaultValue = "8192",
        description = "--compare-empty: reserves in flight in the ReserveStream phase (default 8192).")
    int streamConcurrency;

    @Option(names = "--compare-empty",
        description = "Issue 3's comparison in one run: empty handler, unary Reserve (closed, --concurrency), empty " +
            "again, Reserve open loop at half the empty rate, ReserveStream.")
    boolean compareEmpty;

    @Option(names = "--peers", paramLabel = "LIST", split = ",",
        description = "After the stockring phases, the same reserves against peers started on loopback: redis (Lua " +
            "check-and-decrement), postgres (UPDATE ... WHERE available >= n).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--redis-fsync", paramLabel = "always|everysec|none", defaultValue = "always",
        description = "The Redis peer's AOF policy (default always: fsync before each reply).")
    String redisFsync;

    @Option(names = "--peer-connections", paramLabel = "N",
        description = "Peers: connections (= calls in flight), default --concurrency.")
    Integer peerConnections;

    @Option(names = "--ramp",
        description = "Open loop in steps: from --rate, times --ramp-step each step, until p99 passes --p99-limit " +
            "(or errors, or the rate is not held); reports the highest rate held.")
    boolean ramp;

    @Option(names = "--ramp-step", paramLabel = "F", defaultValue = "1.25",
        description = "--ramp: rate factor per step (default 1.25).")
    double rampStep;

    @Option(names = "--p99-limit", paramLabel = "D", defaultValue = "2ms",
        description = "--ramp: the p99 a step must stay under (default 2ms).")
    String p99Limit;

    @Option(names = "--ramp-steps", paramLabel = "N", defaultValue = "12",
        description = "--ramp: at most this many steps (default 12).")
    int rampSteps;

    @Option(names = "--zipf-exponent", paramLabel = "S", defaultValue = "0.99",
        description = "zipf: the exponent (default 0.99).")
    double zipfExponent;

    @Option(names = "--stock-per-sku", paramLabel = "N", defaultValue = "10000000",
        description = "Stock received per SKU (SKU 0: 100x).")
    long stockPerSku;

    @Option(names = "--setup-tag", paramLabel = "TAG", defaultValue = "v1",
        description = "Part of the setup's request ids: the same tag never receives twice on one server.")
    String setupTag;

    @Option(names = "--capacity-reservations", paramLabel = "N", defaultValue = "10000000",
        description = "With --start: reservations the ledger holds (request ids: twice as many).")
    long capacityReservations;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the carts (default: random, printed).")
    Long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    Path json;

    @Option(names = "--hlog", paramLabel = "FILE",
        description = "Write every second's latency histogram (HdrHistogram log, tagged by phase).")
    Path hlog;

    @Option(names = "--html", paramLabel = "FILE",
        description = "Write an HTML report (latency over time, percentile plot).")
    Path html;

    @Option(names = "--no-books", description = "Skip the books check (a GetStock of every SKU after the run).")
    boolean noBooks;

    @Option(names = "--secure",
        description = "With --start: the server runs with TLS and authentication (a development CA and a token are " +
            "made for the run; the generator's principal is channel 'load', operator and reader).")
    boolean secure;

    @Option(names = "--compare-security",
        description = "With --start: what TLS and authorization cost, in one run: a plaintext server and a secure one " +
            "(--secure), unary Reserve then ReserveStream, phases alternating plain/secure twice.")
    boolean compareSecurity;

    @Option(names = "--secure-auth", paramLabel = "true|false", defaultValue = "true", arity = "1",
        description = "--secure / --compare-security: false runs the secure server with TLS only, without " +
            "authentication and access checks (to tell the two costs apart).")
    boolean secureAuth;

    @Option(names = "--security-rounds", paramLabel = "N", defaultValue = "2",
        description = "--compare-security: A B B A this many times per pair (default 2; after the first, warm-ups are " +
            "at most 1 s). More, shorter windows average a noisy machine out better.")
    int securityRounds;

    @Option(names = "--security-pairs", paramLabel = "LIST", split = ",", defaultValue = "unary,stream",
        description = "--compare-security: which pairs, unary and/or stream (default both; one run per pair keeps " +
            "each run short).")
    List<String> securityPairs;

    @Option(names = "--tls-ca", paramLabel = "FILE",
        description = "With --target: TLS, trusting this CA (PEM) for the server's certificate.")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "With --tls-ca: a client certificate (PEM).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "With --tls-cert: its key (PKCS#8 PEM).")
    Path tlsKey;

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "With --target: a bearer token from this file (the principal needs channel 'load', operator and " +
            "reader roles).")
    Path tokenFile;

    private final PrintStream out;
    private final PrintStream err;
    private final RunControl control = new RunControl();

    public LoadMain()
    {
        this(System.out, System.err);
    }

    LoadMain(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args)
    {
        System.exit(execute(args, System.out, System.err, true));
    }

    /** Runs the command; {@code hookSignals} installs the Ctrl-C hook (not in tests). */
    static int execute(final String[] args, final PrintStream out, final PrintStream err, final boolean hookSignals)
    {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null)
        {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        final LoadMain command = new LoadMain(out, err);
        final CommandLine cli = new CommandLine(command);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) ->
        {
            err.println("stockring bench load: " + e.getMessage());
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
        {
            if (e instanceof IllegalArgumentException)
            {
                err.println("stockring bench load: " + e.getMessage());
                return EXIT_USAGE;
            }
            err.println("stockring bench load: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return EXIT_CHECK_FAILED;
        });
        if (hookSignals)
        {
            final Thread hook = new Thread(() ->
            {
                command.control.stop("interrupted (Ctrl-C)");
                try
                {
                    command.control.awaitFinished(60_000);
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            }, "load-ctrl-c");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try
        {
            return cli.execute(args);
        }
        finally
        {
            command.control.finished();
        }
    }

    @Override
    public Integer call() throws Exception
    {
        // ------------------------------------------------------------ validate everything first
        final Scenario sc = Scenario.of(scenario);
        if (start == (target != null))
        {
            throw new IllegalArgumentException("give exactly one of --start (an in-process server) or --target " +
                "HOST:PORT");
        }
        final boolean open = switch (mode.toLowerCase(Locale.ROOT))
        {
            case "closed" -> false;
            case "open" -> true;
            default -> throw new IllegalArgumentException("--mode must be 'closed' or 'open', not '" + mode + "'");
        };
        final boolean stream = switch (transport.toLowerCase(Locale.ROOT))
        {
            case "unary" -> false;
            case "stream" -> true;
            default -> throw new IllegalArgumentException("--transport must be 'unary' or 'stream', not '"
                + transport + "'");
        };
        if (stream && ramp)
        {
            throw new IllegalArgumentException("--ramp drives unary calls; leave out --transport stream");
        }
        if (stream && !sc.reserves())
        {
            throw new IllegalArgumentException("--transport stream needs a reserving scenario, not '" + sc + "'");
        }
        final double ratePerS = rate == null ? 0 : Units.parseRate(rate);
        if ((open || ramp) && rate == null && !compareEmpty)
        {
            throw new IllegalArgumentException("--mode open and --ramp need --rate R (operations per second)");
        }
        if (ramp && compareEmpty)
        {
            throw new IllegalArgumentException("--ramp and --compare-empty are separate runs: give one of them");
        }
        final long p99LimitNs = Units.parseDurationNs(p99Limit);
        for (final String peer : peers)
        {
            check(peer.equals("redis") || peer.equals("postgres"), "--peers knows redis and postgres, not '" + peer
                + "'");
        }
        check(List.of("always", "everysec", "none").contains(redisFsync), "--redis-fsync must be always, everysec or " +
            "none");
        check(peers.isEmpty() || sc.reserves(), "--peers compares reserves: give a reserving scenario, not '" + sc
            + "'");
        check(peers.isEmpty() || !ramp, "--peers does not combine with --ramp");
        final int peerThreads = peerConnections == null ? concurrency : peerConnections;
        check(peers.isEmpty() || peerThreads >= 1 && peerThreads <= 1_000,
            "--peer-connections must be 1 to 1,000 (with a --concurrency above 1,000, set it)");
        check(!ramp || (rampStep > 1 && rampStep <= 10), "--ramp-step must be in (1, 10]");
        check(!ramp || (rampSteps >= 1 && rampSteps <= 50), "--ramp-steps must be 1 to 50");
        check(p99LimitNs > 0, "--p99-limit must be positive");
        final long durationNs = Units.parseDurationNs(duration);
        final long warmupNs = Units.parseDurationNs(warmup);
        check(durationNs >= TimeUnit.MILLISECONDS.toNanos(100) && durationNs <= MAX_PHASE_NS,
            "--duration must be 100ms to 10m");
        check(warmupNs <= TimeUnit.MINUTES.toNanos(5), "--warmup must be at most 5m");
        check(skus >= 1 && skus <= 1_000_000, "--skus must be 1 to 1,000,000");
        check(concurrency >= 1 && concurrency <= 100_000, "--concurrency must be 1 to 100,000");
        check(connections >= 1 && connections <= 64, "--connections must be 1 to 64");
        check(maxInFlight >= 1, "--max-in-flight must be at least 1");
        check(batchSize >= 1 && batchesInFlight >= 1, "--batch-size and --batches-in-flight must be at least 1");
        check(streamConcurrency >= 1, "--stream-concurrency must be at least 1");
        check(stockPerSku >= 1 && stockPerSku <= 10_000_000_000L, "--stock-per-sku must be 1 to 10,000,000,000");
        check(capacityReservations >= 1_000 && capacityReservations <= 50_000_000,
            "--capacity-reservations must be 1,000 to 50,000,000");
        check(zipfExponent > 0 && zipfExponent < 10, "--zipf-exponent must be in (0, 10)");
        final Durability durabilityMode = durability == null ? (start ? Durability.SYNC : null) :
            ServerConfig.durabilityOf(durability);
        if (start && !"true".equals(System.getProperty("chronicle.analytics.disable")))
        {
            throw new IllegalArgumentException("--start loads Chronicle Map: run through './stockring bench load' " +
                "(or add the flags of server/jvm.options, including -Dchronicle.analytics.disable=true)");
        }
        String host = "127.0.0.1";
        int port = 0;
        if (target != null)
        {
            final int colon = target.lastIndexOf(':');
            if (colon <= 0)
            {
                throw new IllegalArgumentException("--target must be HOST:PORT, not '" + target + "'");
            }
            host = target.substring(0, colon);
            try
            {
                port = Integer.parseInt(target.substring(colon + 1));
            }
            catch (final NumberFormatException e)
            {
                throw new IllegalArgumentException("--target port is not a number: '" + target + "'");
            }
            check(port >= 1 && port <= 65535, "--target port must be 1-65535");
            if (!isLoopback(host))
            {
                throw new IllegalArgumentException("--target must be a loopback address (this tool talks to " +
                    "127.0.0.1 only), not '" + host + "'");
            }
        }
        check(!(secure || compareSecurity) || start, "--secure and --compare-security start their own servers: " +
            "add --start");
        check(!compareSecurity || (!compareEmpty && !ramp && peers.isEmpty() && !secure), "--compare-security is a " +
            "run of its own: leave out --compare-empty, --ramp, --peers and --secure");
        check(securityRounds >= 1 && securityRounds <= 20, "--security-rounds must be 1 to 20");
        check(securityPairs.stream().allMatch(p -> p.equals("unary") || p.equals("stream")) &&
            !securityPairs.isEmpty(), "--security-pairs takes unary and/or stream");
        check((tlsCa == null && tlsCert == null && tlsKey == null && tokenFile == null) || target != null,
            "--tls-ca, --tls-cert, --tls-key and --token-file are for --target (with --start use --secure)");
        final long runSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        final int phaseCount = (compareSecurity ? 4 * securityRounds * securityPairs.size() : compareEmpty ? 5 : ramp ? rampSteps : 1) +
            peers.size();
        final long capNs = phaseCount * (warmupNs + durationNs + TimeUnit.SECONDS.toNanos(20)) +
            TimeUnit.MINUTES.toNanos(10);
        final Thread watchdog = PhaseRunner.daemon(() ->
        {
            try
            {
                control.sleepMs(TimeUnit.NANOSECONDS.toMillis(capNs));
                control.stop("wall-clock cap reached");
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }, "load-watchdog");
        watchdog.start();

        // ------------------------------------------------------------ server and channel
        final Instant startedAt = Instant.now();
        final String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC)
            .format(startedAt) + "-" + Long.toHexString(runSeed & 0xffff);
        if (compareSecurity)
        {
            try
            {
                return new SecurityCompare(this, out, err, control).run(sc, durabilityMode, warmupNs, durationNs,
                    runSeed, runId, startedAt);
            }
            finally
            {
                watchdog.interrupt();
            }
        }
        Path dataDir = null;
        StockringServer server = null;
        final List<ManagedChannel> channels = new ArrayList<>();
        HistogramLogWriter hlogWriter = null;
        StockringClient.Security clientSecurity = target == null || (tlsCa == null && tokenFile == null && tlsCert ==
            null) ? null : new StockringClient.Security(tlsCa, tlsCert, tlsKey, tokenFile == null ? null :
            StockringClient.Security.readToken(tokenFile), null);
        try
        {
            if (start)
            {
                dataDir = Files.createTempDirectory("stockring-load-");
                final ServerConfig config = new ServerConfig();
                config.bind = "127.0.0.1";
                config.grpcPort = 0;
                config.metricsPort = 0;
                config.dataDir = dataDir;
                config.durability = durabilityMode;
                config.checkpointIntervalSeconds = 0;
                config.capacity = new LedgerCapacity(skus + 64L, 64, skus + 1024L, capacityReservations,
                    2 * capacityReservations);
                if (secure)
                {
                    final SecurityCompare.SecureFiles files = SecurityCompare.secureFiles(dataDir.resolve("certs"),
                        StockSetup.LOCATION, secureAuth);
                    config.securityFile = files.securityFile();
                    clientSecurity = new StockringClient.Security(files.ca(), null, null, files.token(), null);
                }
                final long t0 = System.nanoTime();
                err.printf("[start] in-process server, durability %s, data %s%n",
                    durabilityMode.name().toLowerCase(Locale.ROOT), dataDir);
                server = StockringServer.start(config);
                port = server.port();
                err.printf("[start] serving on 127.0.0.1:%d after %.1f s%n", port, (System.nanoTime() - t0) / 1e9);
            }
            // Callbacks run on the connection's event loop (direct executor): no hand-off per call. The
            // client library retries with the same request id itself, so gRPC's own retry buffer is off.
            final StockringClient[] clients = new StockringClient[connections];
            for (int i = 0; i < connections; i++)
            {
                final NettyChannelBuilder builder = clientSecurity == null ?
                    NettyChannelBuilder.forAddress(host, port).usePlaintext() :
                    StockringClient.channelBuilder(host, port, clientSecurity);
                channels.add(builder.directExecutor().disableRetry().maxInboundMessageSize(64 * 1024 * 1024).build());
                clients[i] = new StockringClient(channels.get(i),
                    StockringClient.Options.defaults().withDeadline(java.time.Duration.ofMillis(DEADLINE_MS)));
            }
            final ManagedChannel channel = channels.get(0);
            final ManagedChannel[] channelArray = channels.toArray(new ManagedChannel[0]);
            probe(channel, host, port);
            final StockringClient client = clients[0];
            if (hlog != null)
            {
                hlogWriter = new HistogramLogWriter(hlog.toFile());
                hlogWriter.outputComment("stockring load run " + runId + ", latencies in ns, max column in ms");
                hlogWriter.outputLogFormatVersion();
                hlogWriter.setBaseTime(startedAt.toEpochMilli());
                hlogWriter.outputBaseTime(startedAt.toEpochMilli());
                hlogWriter.outputStartTime(startedAt.toEpochMilli());
                hlogWriter.outputLegend();
            }

            // -------------------------------------------------------- setup
            final String[] skuCodes = StockSetup.skuCodes(skus);
            final StockSetup setup = new StockSetup(channel, err);
            final boolean reserving = sc.usesStock() || compareEmpty;
            final Books books = new Books(skus);
            if (reserving)
            {
                setup.create(skuCodes, stockPerSku, 100 * stockPerSku, setupTag);
                if (!noBooks)
                {
                    final long[][] base = setup.levels(skuCodes);
                    for (int i = 0; i < skus; i++)
                    {
                        books.base(i, base[0][i], base[1][i]);
                    }
                }
            }

            // -------------------------------------------------------- phases
            final String durabilityText = durabilityMode == null ? "unknown (the target's own setting)" :
                durabilityMode.name().toLowerCase(Locale.ROOT) + (start ? "" : " (as stated by --durability)");
            final Report.Context ctx = new Report.Context(runId, host + ":" + port + " over " + connections +
                (connections == 1 ? " connection" : " connections"),
                    start ? "in-process StockringServer" : "external server", durabilityText,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " +
                System.getProperty("java.version"), startedAt.toString(), runSeed,
                reserving ? String.format(Locale.ROOT, "%,d skus x %,d stock at %s", skus, stockPerSku,
                StockSetup.LOCATION) : "none");
            ServerFigures figures = null;
            if (server != null && server.metricsPort() > 0 && !secure)
            {
                figures = new ServerFigures("127.0.0.1", server.metricsPort());
            }
            else if (metrics != null)
            {
                final int colon = metrics.lastIndexOf(':');
                final String metricsHost = colon > 0 ? metrics.substring(0, colon) : "";
                if (!isLoopback(metricsHost))
                {
                    throw new IllegalArgumentException("--metrics must be a loopback HOST:PORT, not '" + metrics + "'");
                }
                figures = new ServerFigures(metricsHost, Integer.parseInt(metrics.substring(colon + 1)));
            }
            final PhaseRunner runner = new PhaseRunner(err, hlogWriter, control, figures);
            final AtomicLong ids = new AtomicLong();
            final String idPrefix = "ld" + runId + "-";
            final int ttlSeconds = sc.expiring() ? 2 : 3600;
            final List<PhaseResult> results = new ArrayList<>();
            final List<Report.Verdict> verdicts = new ArrayList<>();
            final Carts carts = new Carts(sc.usesStock() ? sc : Scenario.UNIFORM, skus, runSeed, zipfExponent);
            final Scenario reserveScenario = sc.reserves() ? sc : Scenario.UNIFORM;
            final EmptyWorkload empty = new EmptyWorkload(channelArray, DEADLINE_MS);
            final ReserveWorkload unary = new ReserveWorkload(clients, null, carts, books, skuCodes,
                StockSetup.LOCATION, idPrefix, ids, ttlSeconds, sc.expiring(), DEADLINE_MS);
            final Workload unaryOfScenario = sc == Scenario.EMPTY ? empty : sc == Scenario.TRANSFER ?
                new TransferWorkload(channelArray, carts, books, skuCodes, idPrefix, ids, DEADLINE_MS) : unary;
            if (compareEmpty)
            {
                final PhaseResult e1 = runPhase(runner, results, new PhaseSpec("empty-1", Scenario.EMPTY, "unary",
                    false, concurrency, 0, maxInFlight, warmupNs, durationNs), empty);
                final PhaseResult r = runPhase(runner, results, new PhaseSpec("reserve", reserveScenario, "unary",
                    false, concurrency, 0, maxInFlight, warmupNs, durationNs), unary);
                final PhaseResult e2 = runPhase(runner, results, new PhaseSpec("empty-2", Scenario.EMPTY, "unary",
                    false, concurrency, 0, maxInFlight, warmupNs, durationNs), empty);
                final double emptyPerS = e1 == null || e2 == null ? 0 : (e1.okPerS() + e2.okPerS()) / 2;
                final double halfRate = rate != null ? ratePerS : emptyPerS / 2;
                final PhaseResult ro = halfRate <= 0 ? null : runPhase(runner, results, new PhaseSpec("reserve-open",
                    reserveScenario, "unary", true, 0, halfRate, maxInFlight, warmupNs, durationNs), unary);
                PhaseResult st = null;
                if (!control.stopped())
                {
                    try (Reservers reserver = new Reservers(clients, batchSize, batchesInFlight))
                    {
                        st = runPhase(runner, results, new PhaseSpec("stream", reserveScenario,
                            "stream (batch " + batchSize + ", " + batchesInFlight + " batches in flight)", false,
                            streamConcurrency, 0, maxInFlight, warmupNs, durationNs), streamWorkload(clients, reserver,
                            carts, books, skuCodes, idPrefix, ids, ttlSeconds, sc.expiring()));
                    }
                }
                if (r != null && emptyPerS > 0)
                {
                    final double ratio = r.okPerS() / emptyPerS;
                    verdicts.add(new Report.Verdict("unary Reserve / empty handler, " + concurrency + " in flight",
                        String.format(Locale.ROOT, "%s / %s = %s", Units.count(r.okPerS()), Units.count(emptyPerS),
                            Units.percent(ratio)), ">= 80%", ratio >= 0.8 && r.errors() == 0));
                }
                if (ro != null)
                {
                    final long p99 = ro.latency().getTotalCount() == 0 ? Long.MAX_VALUE :
                        ro.latency().getValueAtPercentile(99);
                    verdicts.add(new Report.Verdict("Reserve p99, open loop at " + Units.count(halfRate) + "/s" +
                        (rate != null ? "" : " (empty/2)"), Units.ms(p99) + " ms, " + ro.errors() + " errors",
                        "< 2 ms", p99 < 2_000_000 && ro.errors() == 0));
                }
                if (st != null)
                {
                    verdicts.add(new Report.Verdict("ReserveStream reserves/s", Units.count(st.okPerS()) + "/s, " +
                        st.errors() + " errors", ">= 500,000", st.okPerS() >= 500_000 && st.errors() == 0));
                }
            }
            else if (ramp)
            {
                final Workload workload = unaryOfScenario;
                double stepRate = ratePerS;
                double held = 0;
                for (int step = 1; step <= rampSteps && !control.stopped() && stepRate <= Units.MAX_RATE_PER_S; step++)
                {
                    final PhaseResult r = runPhase(runner, results, new PhaseSpec("ramp-" + step, sc, "unary", true, 0,
                        stepRate, maxInFlight, warmupNs, durationNs), workload);
                    if (r == null || r.interrupted())
                    {
                        break;
                    }
                    final boolean ok = r.latency().getTotalCount() > 0 && r.errors() == 0 && !r.rateShortfall() &&
                        r.latency().getValueAtPercentile(99) < p99LimitNs;
                    err.printf("[ramp] %s/s: p99 %s ms, %d errors -> %s%n", Units.count(stepRate),
                        Units.ms(r.latency().getTotalCount() == 0 ? 0 : r.latency().getValueAtPercentile(99)),
                        r.errors(), ok ? "held" : "not held, stop");
                    if (!ok)
                    {
                        break;
                    }
                    held = stepRate;
                    stepRate *= rampStep;
                }
                verdicts.add(new Report.Verdict("highest rate held with p99 < " + Units.ms(p99LimitNs) + " ms",
                    held > 0 ? Units.count(held) + "/s" : "none (the first step failed)", "ramp from " +
                    Units.count(ratePerS) + "/s", held > 0));
            }
            else
            {
                final Workload workload;
                Reservers reserver = null;
                if (stream)
                {
                    reserver = new Reservers(clients, batchSize, batchesInFlight);
                    workload = streamWorkload(clients, reserver, carts, books, skuCodes, idPrefix, ids, ttlSeconds,
                        sc.expiring());
                }
                else
                {
                    workload = unaryOfScenario;
                }
                try
                {
                    runPhase(runner, results, new PhaseSpec(sc.cliName(), sc, stream ? "stream (batch " + batchSize +
                        ", " + batchesInFlight + " batches in flight)" : "unary", open, concurrency, ratePerS,
                        maxInFlight, warmupNs, durationNs), workload);
                }
                finally
                {
                    if (reserver != null)
                    {
                        reserver.close();
                    }
                }
            }

            // -------------------------------------------------------- peers
            final PhaseResult stockringReserve = results.stream().filter(r -> !r.spec().open() &&
                r.spec().scenario().reserves() && "unary".equals(r.spec().transport())).findFirst().orElse(null);
            final List<String> peerNotes = new ArrayList<>();
            for (final String name : peers)
            {
                if (control.stopped())
                {
                    break;
                }
                final PhaseResult pr = runPeer(name, runner, results, skuCodes, new Carts(reserveScenario, skus,
                    runSeed, zipfExponent), open && !compareEmpty, ratePerS, peerThreads, warmupNs, durationNs,
                    peerNotes);
                if (pr != null && stockringReserve != null && pr.okPerS() > 0)
                {
                    verdicts.add(new Report.Verdict("stockring unary Reserve / " + name + " (" +
                        stockringReserve.spec().concurrency() + " vs " + peerThreads + " in flight)",
                        String.format(Locale.ROOT, "%s / %s = %.2fx", Units.count(stockringReserve.okPerS()),
                            Units.count(pr.okPerS()), stockringReserve.okPerS() / pr.okPerS()), null, true));
                }
            }

            // -------------------------------------------------------- checks
            Report.Checks checks = null;
            if (reserving)
            {
                checks = check(client, setup, skuCodes, books, sc.expiring() ? ttlSeconds : 0, peerNotes);
            }
            final String text = Report.text(ctx, results, verdicts, checks);
            out.print(text);
            out.flush();
            if (html != null)
            {
                Files.writeString(html, HtmlReport.html(ctx, results, text), StandardCharsets.UTF_8);
                err.println("[report] HTML written to " + html);
            }
            if (json != null)
            {
                Files.writeString(json, Report.json(ctx, results, verdicts, checks), StandardCharsets.UTF_8);
                err.println("[report] JSON written to " + json);
            }
            if (hlogWriter != null)
            {
                err.println("[report] HdrHistogram log written to " + hlog);
            }
            if (control.stopped())
            {
                err.println("stockring bench load: stopped early: " + control.reason() + " (the report covers what " +
                    "was measured)");
                return "wall-clock cap reached".equals(control.reason()) ? EXIT_CHECK_FAILED : EXIT_INTERRUPTED;
            }
            if (checks != null && !checks.passed())
            {
                err.println("stockring bench load: the post-run checks FAILED (see 'checks' above)");
                return EXIT_CHECK_FAILED;
            }
            for (final PhaseResult r : results)
            {
                if (!ramp && r.spec().open() && (r.rateShortfall() || r.notSent() > 0))
                {
                    err.println("stockring bench load: phase " + r.spec().name() + ": the rate " +
                        Units.count(r.spec().ratePerS()) + "/s was not held: " + (r.notSent() > 0 ?
                        Units.count(r.notSent()) + " operations never sent (" + r.spec().maxInFlight() +
                        " in flight: the server did not keep up)" : Units.count(r.lateSends()) +
                        " operations sent >1 ms late (this machine cannot generate that rate)"));
                    return EXIT_RATE_NOT_HELD;
                }
            }
            return 0;
        }
        catch (final NoServerException e)
        {
            err.println("stockring bench load: " + e.getMessage());
            return EXIT_NO_SERVER;
        }
        finally
        {
            watchdog.interrupt();
            if (hlogWriter != null)
            {
                hlogWriter.close();
            }
            for (final ManagedChannel c : channels)
            {
                c.shutdownNow();
                c.awaitTermination(5, TimeUnit.SECONDS);
            }
            if (server != null)
            {
                server.close();
            }
            if (dataDir != null)
            {
                deleteTree(dataDir);
            }
        }
    }

    private PhaseResult runPhase(final PhaseRunner runner, final List<PhaseResult> results, final PhaseSpec spec,
        final Workload workload) throws InterruptedException
    {
        if (control.stopped())
        {
            return null;
        }
        final PhaseResult r = runner.run(spec, workload);
        results.add(r);
        return r;
    }

    private static Workload streamWorkload(final StockringClient[] clients, final Reservers reservers,
        final Carts carts, final Books books, final String[] skuCodes, final String idPrefix, final AtomicLong ids,
        final int ttlSeconds, final boolean expiring)
    {
        return new ReserveWorkload(clients, reservers.all(), carts, books, skuCodes, StockSetup.LOCATION, idPrefix,
            ids, ttlSeconds, expiring, DEADLINE_MS);
    }

    /** One {@code ReserveStream} per connection, ended together. */
    static final class Reservers implements AutoCloseable
    {
        private final StreamingReserver[] reservers;

        Reservers(final StockringClient[] clients, final int batchSize, final int batchesInFlight)
        {
            reservers = new StreamingReserver[clients.length];
            for (int i = 0; i < clients.length; i++)
            {
                reservers[i] = clients[i].streamingReserver(batchSize, batchesInFlight);
            }
        }

        StreamingReserver[] all()
        {
            return reservers;
        }

        @Override
        public void close()
        {
            for (final StreamingReserver r : reservers)
            {
                r.close();
            }
        }
    }

    private Report.Checks check(final StockringClient client, final StockSetup setup, final String[] skuCodes,
        final Books books, final int expiringTtlSeconds, final List<String> peerNotes) throws InterruptedException
    {
        Books.Check result = null;
        if (!noBooks)
        {
            // Holds left to expire go away on the server's expiry tick: give them their TTL, then retry a while.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(expiringTtlSeconds > 0 ? 60 : 0);
            if (expiringTtlSeconds > 0)
            {
                err.printf("[check] waiting %d s for the holds to expire%n", expiringTtlSeconds + 1);
                Thread.sleep(TimeUnit.SECONDS.toMillis(expiringTtlSeconds + 1));
            }
            while (true)
            {
                final long[][] levels = setup.levels(skuCodes);
                result = books.check(levels[0], levels[1]);
                if (result.balanced() || System.nanoTime() > deadline)
                {
                    break;
                }
                Thread.sleep(1_000);
            }
        }
        final VerifyResponse v = client.verify();
        final String verify = String.format(Locale.ROOT, "%,d stock entries, %,d reservations, %,d held%s",
            v.getStockEntries(), v.getReservations(), v.getHeldReservations(),
            v.getProblemsCount() == 0 ? "" : "; first problem: " + v.getProblems(0));
        return new Report.Checks(v.getClean(), verify, result, noBooks ? "--no-books" : null, peerNotes);
    }

    /** One peer: start it, set it up, run the same reserves, check its books, stop it. Null if not installed. */
    private PhaseResult runPeer(final String name, final PhaseRunner runner, final List<PhaseResult> results,
        final String[] skuCodes, final Carts carts, final boolean open, final double ratePerS, final int threads,
        final long warmupNs, final long durationNs, final List<String> notes) throws Exception
    {
        final boolean installed = "redis".equals(name) ? RedisPeer.installed() : PostgresPeer.installed();
        if (!installed)
        {
            err.println("[peer] " + name + " is not installed: skipped");
            notes.add(name + ": not installed, skipped");
            return null;
        }
        final long t0 = System.nanoTime();
        try (Peer peer = "redis".equals(name) ? new RedisPeer(redisFsync) : new PostgresPeer();
            PeerWorkload workload = new PeerWorkload(peer, carts, skuCodes, threads))
        {
            peer.setup(skuCodes, stockPerSku);
            err.printf("[peer] %s on loopback, %s, set up in %.1f s%n", name, peer.durability(),
                (System.nanoTime() - t0) / 1e9);
            final PhaseSpec spec = new PhaseSpec("peer-" + name, carts.scenario(), name + ": " + peer.durability(),
                open, threads, ratePerS, maxInFlight, warmupNs, durationNs);
            final PhaseResult r = runPhase(runner.withoutServerFigures(), results, spec, workload);
            final String problem = workload.check();
            notes.add(name + ": " + (problem == null ? "books balanced (total reserved = acknowledged, none negative)" :
                "BOOKS DO NOT BALANCE: " + problem));
            return r;
        }
    }

    /** Fails fast, with one line, when there is no server. */
    private static void probe(final ManagedChannel channel, final String host, final int port)
        throws NoServerException
    {
        try
        {
            HealthGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
        }
        catch (final StatusRuntimeException e)
        {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE || e.getStatus().getCode() ==
                Status.Code.DEADLINE_EXCEEDED)
            {
                throw new NoServerException("no stockring server answers at " + host + ":" + port + " (" +
                    e.getStatus().getCode() + (e.getStatus().getDescription() == null ? "" : ": " +
                    e.getStatus().getDescription()) + ")");
            }
            throw e;
        }
    }

    static final class NoServerException extends Exception
    {
        private static final long serialVersionUID = 1L;

        NoServerException(final String message)
        {
            super(message);
        }
    }

    static boolean isLoopback(final String host)
    {
        try
        {
            for (final InetAddress a : InetAddress.getAllByName(host))
            {
                if (!a.isLoopbackAddress())
                {
                    return false;
                }
            }
            return true;
        }
        catch (final UnknownHostException e)
        {
            return false;
        }
    }

    private static void check(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }

    static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
