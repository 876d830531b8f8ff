package io.stockring.server;

import io.stockring.core.format.FormatException;
import io.stockring.core.journal.JournalCorruptException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code stockring serve}: runs the server until SIGTERM or Ctrl-C, then stops cleanly (exit 0). */
@Command(name = "stockring", mixinStandardHelpOptions = true, subcommands = {Main.Serve.class, Main.Certs.class, LocalCluster.class,
    Main.TrainClassArchive.class},
    description = "The inventory core of a points-redemption programme.")
public final class Main
{
    private Main()
    {
    }

    public static void main(final String[] args)
    {
        final CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
        {
            commandLine.getErr().println("stockring: " + message(e));
            return 1;
        });
        System.exit(cli.execute(args));
    }

    private static String message(final Throwable e)
    {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException ||
            e instanceof JournalCorruptException || e instanceof FormatException)
        {
            return e.getMessage();
        }
        return e.toString();
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Recover the ledger from the data directory and serve gRPC.")
    static final class Serve implements Callable<Integer>
    {
        @Option(names = "--config", paramLabel = "FILE", description = "A properties file (flags override it).")
        Path config;

        @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1).")
        String bind;

        @Option(names = "--grpc-port", paramLabel = "PORT", description = "gRPC port (default 50051; 0 = any free).")
        Integer grpcPort;

        @Option(names = "--metrics-port", paramLabel = "PORT", description = "Metrics HTTP port: /metrics, /healthz, /readyz (default 9464; 0 = any free).")
        Integer metricsPort;

        @Option(names = "--no-metrics", description = "Serve no metrics endpoint and count no gRPC calls.")
        boolean noMetrics;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Ledger, journal, snapshots (default ./data).")
        Path dataDir;

        @Option(names = "--durability", paramLabel = "MODE",
            description = "sync (fsync per batch, default) or async (page cache only).")
        String durability;

        @Option(names = "--log-level", paramLabel = "LEVEL", description = "trace, debug, info (default), warn, error.")
        String logLevel;

        @Option(names = "--demo", description = "On an empty data directory, seed a small realistic catalog (and two years of planner history).")
        boolean demo;

        @Option(names = "--no-planner", description = "Run no planner (no history collection, no scheduled runs).")
        boolean noPlanner;

        @Option(names = "--planner-auto-transfers",
            description = "Let planning runs issue their transfer suggestions (default: suggest only).")
        boolean plannerAutoTransfers;

        @Option(names = "--planner-zone", paramLabel = "ZONE",
            description = "The programme's time zone for daily history, e.g. Asia/Shanghai (default: the system's). " +
                "More planner.* settings in --config: see ServerConfig.")
        String plannerZone;
        @Option(names = "--security", paramLabel = "FILE",
            description = "TLS, principals and channel limits (see README 'Security'; 'stockring certs DIR' writes one).")
        Path security;

        @Option(names = "--cluster", paramLabel = "FILE",
            description = "Replicated mode: this node's id and every member's address (README 'Replicated mode').")
        Path cluster;

        @Option(names = "--allow-plaintext-non-loopback",
            description = "Serve plaintext gRPC on a non-loopback --bind (refused otherwise).")
        boolean allowPlaintextNonLoopback;

        @Override
        public Integer call() throws Exception
        {
            final ServerConfig cfg = new ServerConfig();
            if (config != null)
            {
                cfg.load(config);
            }
            if (bind != null)
            {
                cfg.bind = bind;
            }
            if (grpcPort != null)
            {
                cfg.grpcPort = grpcPort;
            }
            if (metricsPort != null)
            {
                cfg.metricsPort = metricsPort;
            }
            if (noMetrics)
            {
                cfg.metricsEnabled = false;
            }
            if (dataDir != null)
            {
                cfg.dataDir = dataDir;
            }
            if (durability != null)
            {
                cfg.durability = ServerConfig.durabilityOf(durability);
            }
            if (logLevel != null)
            {
                cfg.logLevel = logLevel;
            }
            if (noPlanner)
            {
                cfg.plannerEnabled = false;
            }
            if (plannerAutoTransfers)
            {
                cfg.plannerAutoTransfers = true;
            }
            if (plannerZone != null)
            {
                try
                {
                    cfg.plannerZone = ZoneId.of(plannerZone);
                }
                catch (final DateTimeException e)
                {
                    throw new IllegalArgumentException("--planner-zone must be a time zone id such as Asia/Shanghai, " +
                        "not '" + plannerZone + "'");
                }
            }
            if (security != null)
            {
                cfg.securityFile = security;
            }
            if (cluster != null)
            {
                cfg.clusterFile = cluster;
            }
            if (allowPlaintextNonLoopback)
            {
                cfg.allowPlaintextNonLoopback = true;
            }
            cfg.validate();
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", cfg.logLevel);

            final CountDownLatch stopRequested = new CountDownLatch(1);
            Signals.onTerminate(stopRequested::countDown);
            try (StockringServer server = StockringServer.start(cfg))
            {
                if (demo)
                {
                    DemoCatalog.seed(server.engine());
                    if (server.planner() != null)
                    {
                        DemoCatalog.seedPlannerHistory(server.planner().history(), server.planner().planner().today());
                    }
                }
                System.out.println("stockring serving " + (server.security().tlsEnabled() ? "TLS" : "plaintext") +
                    (server.security().authEnabled() ? " with authentication" : "") + " on " + cfg.bind + ":" +
                    server.port() + " (data " +
                    cfg.dataDir.toAbsolutePath() + ", durability " + cfg.durability.name().toLowerCase() +
                    (server.metricsPort() > 0 ? ", metrics http" + (server.security().tlsEnabled() ? "s" : "") + "://" +
                    cfg.bind + ":" + server.metricsPort() + "/metrics" :
                    ", metrics off") + ")");
                stopRequested.await();
                System.out.println("stockring stopping: draining, checkpointing");
            }
            return 0;
        }
    }

    @Command(name = "certs", mixinStandardHelpOptions = true,
        description = {"Write a development CA, a server certificate, a client certificate and a token per sample " +
            "principal, and a security.properties that uses them (not for production).",
            "Then: stockring serve --security DIR/security.properties"})
    static final class Certs implements Callable<Integer>
    {
        @CommandLine.Parameters(paramLabel = "DIR", description = "Where to write (created if needed).")
        Path dir;

        @Option(names = "--host", paramLabel = "NAME", description = "Another name or address for the server " +
            "certificate (besides localhost, 127.0.0.1, ::1 and this host's name); repeatable.")
        java.util.List<String> hosts = new java.util.ArrayList<>();

        @Option(names = "--days", defaultValue = "365", description = "Validity (default ${DEFAULT-VALUE} days).")
        int days;

        @Option(names = "--force", description = "Replace certificates already in DIR.")
        boolean force;

        @Override
        public Integer call() throws Exception
        {
            if (days < 1 || days > 3650)
            {
                throw new IllegalArgumentException("--days must be 1 to 3650");
            }
            for (final Path p : io.stockring.server.security.DevCertificates.generate(dir, hosts, days, force))
            {
                System.out.println("wrote " + p);
            }
            System.out.println("tokens are in " + dir.resolve("NAME.token") + " (only their SHA-256 is in " +
                "security.properties); serve with: stockring serve --security " + dir.resolve("security.properties"));
            return 0;
        }
    }

    /** Run by the launcher under {@code -XX:ArchiveClassesAtExit}: see {@link ClassArchiveTraining}. */
    @Command(name = "train-class-archive", hidden = true,
        description = "Start and stop a small throw-away server, for the launcher's class-data archive.")
    static final class TrainClassArchive implements Callable<Integer>
    {
        @Override
        public Integer call() throws Exception
        {
            ClassArchiveTraining.run();
            return 0;
        }
    }
}
