package io.stockring.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.stockring.client.StockringClient;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.proto.v1.VerifyResponse;
import io.stockring.server.ServerConfig;
import io.stockring.server.StockringServer;
import io.stockring.server.security.DevCertificates;
import io.stockring.server.security.TokenHash;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --compare-security}: what TLS and authorization cost, measured in one run. Two
 * in-process servers with the same configuration, durability and data set, one plaintext without
 * authentication, one with TLS, bearer-token authentication, the access table, the channel's
 * allocation and rate limiter (set far above the load, so every call pays for the check and none
 * is refused). For each pair ({@code --security-pairs unary,stream}) the phases run A B B A
 * (plain, secure, secure, plain), {@code --security-rounds} times, so a drift linear in time falls
 * on both alike and a neighbour's burst is averaged over many short windows; each ratio is the
 * secure side's mean throughput over the plain side's.
 *
 * <pre>
 *   targets (issue 7): unary >= 85 % of plaintext, ReserveStream >= 95 % of plaintext
 * </pre>
 */
final class SecurityCompare
{
    static final double UNARY_TARGET = 0.85;
    static final double STREAM_TARGET = 0.95;

    /** The files of a secure in-process server: the security file, the CA clients trust, the token. */
    record SecureFiles(Path securityFile, Path ca, String token)
    {
    }

    /**
     * Writes a development CA, a server certificate and a security file with one principal,
     * {@code load} (channel {@code load} reserving at {@code location}, operator and reader for
     * the set-up and the checks), authenticated by a bearer token.
     */
    static SecureFiles secureFiles(final Path dir, final String location, final boolean auth) throws IOException
    {
        DevCertificates.generate(dir, List.of(), 2, true);
        final String token = DevCertificates.newToken();
        final Path file = dir.resolve("bench-security.properties");
        Files.writeString(file, String.join("\n",
            "# written by 'stockring bench load': TLS, token authentication, the channel's checks and rate limiter",
            "tls.cert=server.crt", "tls.key=server.key",
            "principal.load.roles=channel,operator,reader",
            "principal.load.tokens=sha256:" + TokenHash.hex(token),
            "channel.load.pool=" + location,
            "channel.load.rate.per.second=100000000", "channel.load.burst=100000000",
            "metrics.require.reader=false", "auth.enabled=" + auth, ""), StandardCharsets.UTF_8);
        return new SecureFiles(file, dir.resolve("ca.crt"), token);
    }

    private final LoadMain m;
    private final PrintStream out;
    private final PrintStream err;
    private final RunControl control;

    SecurityCompare(final LoadMain m, final PrintStream out, final PrintStream err, final RunControl control)
    {
        this.m = m;
        this.out = out;
        this.err = err;
        this.control = control;
    }

    /** One side of the comparison: a server, its channels and clients, its books. */
    private final class Side implements AutoCloseable
    {
        final String name;
        final Path dataDir;
        final StockringServer server;
        final List<ManagedChannel> channels = new ArrayList<>();
        final StockringClient[] clients;
        final Books books;
        final StockSetup setup;

        Side(final String name, final Path root, final Durability durability, final SecureFiles secure)
            throws IOException
        {
            this.name = name;
            this.dataDir = root.resolve(name + "-data");
            final ServerConfig config = new ServerConfig();
            config.bind = "127.0.0.1";
            config.grpcPort = 0;
            config.metricsPort = 0;
            config.dataDir = dataDir;
            config.durability = durability;
            config.checkpointIntervalSeconds = 0;
            config.capacity = new LedgerCapacity(m.skus + 64L, 64, m.skus + 1024L, m.capacityReservations,
                2 * m.capacityReservations);
            config.securityFile = secure == null ? null : secure.securityFile();
            final long t0 = System.nanoTime();
            server = StockringServer.start(config);
            err.printf("[start] %s server on 127.0.0.1:%d after %.1f s (%s)%n", name, server.port(),
                (System.nanoTime() - t0) / 1e9, secure == null ? "plaintext, no authentication" :
                (m.secureAuth ? "TLS, bearer token, access table, allocation, rate limiter" : "TLS only, no " +
                "authentication"));
            clients = new StockringClient[m.connections];
            for (int i = 0; i < m.connections; i++)
            {
                final NettyChannelBuilder b = secure == null ?
                    NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext() :
                    StockringClient.channelBuilder("127.0.0.1", server.port(), new StockringClient.Security(
                        secure.ca(), null, null, secure.token(), null));
                channels.add(b.directExecutor().disableRetry().maxInboundMessageSize(64 * 1024 * 1024).build());
                clients[i] = new StockringClient(channels.get(i), StockringClient.Options.defaults()
                    .withDeadline(Duration.ofMillis(LoadMain.DEADLINE_MS)));
            }
            books = new Books(m.skus);
            setup = new StockSetup(channels.get(0), err);
        }

        @Override
        public void close() throws IOException
        {
            for (final ManagedChannel c : channels)
            {
                c.shutdownNow();
            }
            server.close();
        }
    }

    int run(final Scenario sc, final Durability durability, final long warmupNs, final long durationNs,
        final long runSeed, final String runId, final java.time.Instant startedAt) throws Exception
    {
        final Path root = Files.createTempDirectory("stockring-load-security-");
        final List<PhaseResult> results = new ArrayList<>();
        final List<Report.Verdict> verdicts = new ArrayList<>();
        try
        {
            final SecureFiles files = secureFiles(root.resolve("certs"), StockSetup.LOCATION, m.secureAuth);
            final String[] skuCodes = StockSetup.skuCodes(m.skus);
            try (Side plain = new Side("plain", root, durability, null);
                Side secure = new Side("secure", root, durability, files))
            {
                for (final Side side : List.of(plain, secure))
                {
                    side.setup.create(skuCodes, m.stockPerSku, 100 * m.stockPerSku, m.setupTag);
                    if (!m.noBooks)
                    {
                        final long[][] base = side.setup.levels(skuCodes);
                        for (int i = 0; i < m.skus; i++)
                        {
                            side.books.base(i, base[0][i], base[1][i]);
                        }
                    }
                }
                final PhaseRunner runner = new PhaseRunner(err, null, control, null);
                final Scenario reserveScenario = sc.reserves() ? sc : Scenario.UNIFORM;
                final AtomicLong ids = new AtomicLong();
                final String idPrefix = "ld" + runId + "-";
                final int ttl = 3600;
                final double[] unary = new double[2];
                final double[] stream = new double[2];
                // CPU time of this process (generator and both servers) per completed operation, per side and pair:
                // a neighbour on the machine takes wall-clock time from a window, not CPU time per operation.
                final long[][] cpuNs = new long[2][2];
                final long[][] ops = new long[2][2];
                final Side[] sides = {plain, secure};
                // A B B A, repeated: a drift linear in time (JIT, page cache, a neighbour's load) falls on both
                // alike, and many short windows average bursts out
                final int[] abba = {0, 1, 1, 0};
                final int windows = 2 * m.securityRounds;
                for (final String pair : m.securityPairs)
                {
                    final boolean isStream = pair.equals("stream");
                    for (int k = 0; k < abba.length * m.securityRounds && !control.stopped(); k++)
                    {
                        final int s = abba[k % abba.length];
                        final Side side = sides[s];
                        final int window = k / 2 + 1;
                        final long warm = k < 2 ? warmupNs : Math.min(warmupNs, TimeUnit.SECONDS.toNanos(1));
                        final Carts carts = new Carts(reserveScenario, m.skus, runSeed + (isStream ? 1_000 : 0) + k,
                            m.zipfExponent);
                        final PhaseResult r;
                        if (isStream)
                        {
                            try (LoadMain.Reservers reservers = new LoadMain.Reservers(side.clients, m.batchSize,
                                m.batchesInFlight))
                            {
                                final Counted w = new Counted(new ReserveWorkload(side.clients, reservers.all(), carts,
                                    side.books, skuCodes, StockSetup.LOCATION, idPrefix, ids, ttl, false,
                                    LoadMain.DEADLINE_MS));
                                final long cpu0 = processCpuNs();
                                r = runner.run(new PhaseSpec(side.name + "-stream-" + window, reserveScenario,
                                    "stream (" + side.name + ", batch " + m.batchSize + ", " + m.batchesInFlight +
                                    " batches in flight)", false, m.streamConcurrency, 0, m.maxInFlight, warm,
                                    durationNs), w);
                                cpuNs[1][s] += processCpuNs() - cpu0;
                                ops[1][s] += w.completed();
                            }
                            stream[s] += r.okPerS() / windows;
                        }
                        else
                        {
                            final Counted w = new Counted(new ReserveWorkload(side.clients, null, carts, side.books,
                                skuCodes, StockSetup.LOCATION, idPrefix, ids, ttl, false, LoadMain.DEADLINE_MS));
                            final long cpu0 = processCpuNs();
                            r = runner.run(new PhaseSpec(side.name + "-unary-" + window, reserveScenario, "unary (" +
                                side.name + ")", false, m.concurrency, 0, m.maxInFlight, warm, durationNs), w);
                            cpuNs[0][s] += processCpuNs() - cpu0;
                            ops[0][s] += w.completed();
                            unary[s] += r.okPerS() / windows;
                        }
                        results.add(r);
                    }
                }
                final long errors = results.stream().mapToLong(PhaseResult::errors).sum();
                if (unary[0] > 0)
                {
                    final double ratio = unary[1] / unary[0];
                    verdicts.add(new Report.Verdict("unary Reserve, " + label() + " / plaintext (" + m.concurrency +
                        " in flight)", String.format(Locale.ROOT, "%s / %s = %s", Units.count(unary[1]),
                        Units.count(unary[0]), Units.percent(ratio)), ">= 85%", ratio >= UNARY_TARGET && errors == 0));
                }
                if (stream[0] > 0)
                {
                    final double ratio = stream[1] / stream[0];
                    verdicts.add(new Report.Verdict("ReserveStream, " + label() + " / plaintext (" + m.streamConcurrency +
                        " in flight)", String.format(Locale.ROOT, "%s / %s = %s", Units.count(stream[1]),
                        Units.count(stream[0]), Units.percent(ratio)), ">= 95%", ratio >= STREAM_TARGET &&
                        errors == 0));
                }
                for (int pair = 0; pair < 2; pair++)
                {
                    if (ops[pair][0] == 0 || ops[pair][1] == 0)
                    {
                        continue;
                    }
                    final double plainUs = cpuNs[pair][0] / 1e3 / ops[pair][0];
                    final double secureUs = cpuNs[pair][1] / 1e3 / ops[pair][1];
                    verdicts.add(new Report.Verdict((pair == 0 ? "unary Reserve" : "ReserveStream") +
                        ", CPU per reserve (generator + server)", String.format(Locale.ROOT, "plain %.2f us, %s %.2f " +
                        "us: capacity ratio %s", plainUs, label(), secureUs, Units.percent(plainUs / secureUs)), null,
                        true));
                }
                final List<String> notes = new ArrayList<>();
                final Report.Checks plainChecks = check(plain, skuCodes, notes);
                final Report.Checks secureChecks = check(secure, skuCodes, notes);
                final Report.Checks checks = new Report.Checks(plainChecks.verifyClean() && secureChecks.verifyClean(),
                    "plain: " + plainChecks.verifySummary() + "; secure: " + secureChecks.verifySummary(),
                    secureChecks.books(), m.noBooks ? "--no-books" : null, notes);
                final Report.Context ctx = new Report.Context(runId, "127.0.0.1: two in-process servers, " +
                    m.connections + (m.connections == 1 ? " connection" : " connections") + " each",
                    "plaintext vs " + (m.secureAuth ? "TLS + token + access checks" : "TLS only"), durability.name().toLowerCase(Locale.ROOT) +
                    " (both)", Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " +
                    System.getProperty("java.version"), startedAt.toString(), runSeed, String.format(Locale.ROOT,
                    "%,d skus x %,d stock at %s on each server", m.skus, m.stockPerSku, StockSetup.LOCATION));
                final String text = Report.text(ctx, results, verdicts, checks);
                out.print(text);
                out.flush();
                if (m.json != null)
                {
                    Files.writeString(m.json, Report.json(ctx, results, verdicts, checks), StandardCharsets.UTF_8);
                    err.println("[report] JSON written to " + m.json);
                }
                if (control.stopped())
                {
                    err.println("stockring bench load: stopped early: " + control.reason());
                    return LoadMain.EXIT_INTERRUPTED;
                }
                return checks.passed() && errors == 0 ? 0 : LoadMain.EXIT_CHECK_FAILED;
            }
        }
        finally
        {
            LoadMain.deleteTree(root);
        }
    }

    private static long processCpuNs()
    {
        final java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
            .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** Counts every operation that completes (warm-up, window and drain alike), for CPU per operation. */
    private static final class Counted implements Workload
    {
        private final Workload workload;
        private final AtomicLong completed = new AtomicLong();

        Counted(final Workload workload)
        {
            this.workload = workload;
        }

        @Override
        public void issue(final long seq, final Done done)
        {
            workload.issue(seq, error ->
            {
                completed.incrementAndGet();
                done.done(error);
            });
        }

        long completed()
        {
            return completed.get();
        }
    }

    private String label()
    {
        return m.secureAuth ? "TLS+auth" : "TLS only";
    }

    /** Verify, and the books of one side (its line goes into the notes). */
    private Report.Checks check(final Side side, final String[] skuCodes, final List<String> notes)
        throws InterruptedException
    {
        Books.Check books = null;
        if (!m.noBooks)
        {
            final long[][] levels = side.setup.levels(skuCodes);
            books = side.books.check(levels[0], levels[1]);
        }
        final VerifyResponse v = side.clients[0].verify();
        final String summary = String.format(Locale.ROOT, "%,d stock entries, %,d reservations, %,d held%s",
            v.getStockEntries(), v.getReservations(), v.getHeldReservations(), v.getProblemsCount() == 0 ? "" :
            "; first problem: " + v.getProblems(0));
        notes.add(side.name + " server: verify " + (v.getClean() ? "clean" : "PROBLEMS") + ", books " +
            (books == null ? "not checked" : books.balanced() ? "balanced" : "DO NOT BALANCE (" + books.mismatches() +
            " mismatches)"));
        return new Report.Checks(v.getClean(), summary, books, null, List.of());
    }
}
