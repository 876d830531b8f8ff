package io.stockring.server;

import io.stockring.cluster.ClusterFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code stockring cluster local N}: N nodes of one cluster on loopback, one JVM each, for trying
 * replicated mode on one machine. Each node gets {@code DATA/node-I} (its cluster file, its
 * directories and its log), gRPC port 50051+I and metrics port 9464+I; the command prints the
 * addresses once every node serves and stops them all on SIGTERM or Ctrl-C.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, subcommands = LocalCluster.Local.class,
    description = "Replicated mode tools.")
final class LocalCluster
{
    static final int BASE_AERON_PORT = 20_000;

    @Command(name = "local", mixinStandardHelpOptions = true,
        description = "Start N nodes of one cluster on 127.0.0.1, one process each, data under DIR/node-N.")
    static final class Local implements java.util.concurrent.Callable<Integer>
    {
        @Parameters(paramLabel = "N", defaultValue = "3", description = "How many nodes: 3 or 5 (default 3).")
        int nodes;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Parent of the nodes' directories (default ./data).")
        Path dataDir;

        @Option(names = "--durability", paramLabel = "MODE", defaultValue = "sync",
            description = "sync (the archive fsyncs, default) or async.")
        String durability;

        @Override
        public Integer call() throws Exception
        {
            if (nodes != 3 && nodes != 5)
            {
                throw new IllegalArgumentException("a local cluster has 3 or 5 nodes, not " + nodes);
            }
            ServerConfig.durabilityOf(durability);
            final List<String> members = new ArrayList<>();
            for (int i = 0; i < nodes; i++)
            {
                members.add("127.0.0.1:" + (BASE_AERON_PORT + 100 * i));
            }
            final List<Process> processes = new ArrayList<>();
            final CountDownLatch stop = new CountDownLatch(1);
            Signals.onTerminate(stop::countDown);
            try
            {
                for (int i = 0; i < nodes; i++)
                {
                    processes.add(startNode(i, members));
                }
                for (int i = 0; i < nodes; i++)
                {
                    awaitServing(i, processes.get(i));
                }
                for (int i = 0; i < nodes; i++)
                {
                    System.out.println("node " + i + ": gRPC 127.0.0.1:" + (50051 + i) + ", metrics http://127.0.0.1:" +
                        (9464 + i) + "/metrics, log " + nodeDir(i).resolve("server.log"));
                }
                System.out.println("cluster of " + nodes + " serving; any node takes every call (Ctrl-C stops all)");
                stop.await();
            }
            finally
            {
                processes.forEach(Process::destroy);
                for (final Process p : processes)
                {
                    if (!p.waitFor(30, TimeUnit.SECONDS))
                    {
                        p.destroyForcibly();
                    }
                }
            }
            return 0;
        }

        private Path nodeDir(final int i)
        {
            return dataDir.resolve("node-" + i);
        }

        private Process startNode(final int i, final List<String> members) throws IOException
        {
            final Path dir = nodeDir(i);
            Files.createDirectories(dir);
            final Path file = dir.resolve("cluster.properties");
            Files.writeString(file, ClusterFile.local(i, members), StandardCharsets.UTF_8);
            final List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Main.class.getName());
            command.addAll(List.of("serve", "--cluster", file.toString(), "--data-dir", dir.toString(),
                "--grpc-port", Integer.toString(50051 + i), "--metrics-port", Integer.toString(9464 + i),
                "--durability", durability));
            final Path log = dir.resolve("server.log");
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        private void awaitServing(final int i, final Process p) throws IOException, InterruptedException
        {
            final Path log = nodeDir(i).resolve("server.log");
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline)
            {
                if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("stockring serving"))
                {
                    return;
                }
                if (!p.isAlive())
                {
                    throw new IllegalStateException("node " + i + " exited with " + p.exitValue() + "; see " + log);
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("node " + i + " did not serve within 3 minutes; see " + log);
        }
    }
}
