package io.stockring.client;

import io.grpc.StatusRuntimeException;
import io.stockring.client.cli.Cli;
import io.stockring.proto.v1.ListAuditRequest;
import io.stockring.proto.v1.WhoAmIRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's secure quick start, as a person would run it: {@code ./stockring certs DIR}, then
 * {@code ./stockring serve --security DIR/security.properties --demo} in its own process, then
 * the CLI and the client library over TLS with tokens and client certificates: each role, each
 * refusal (with its exit code), the audit trail exported, and plaintext refused.
 */
class SecureServerProcessIT
{
    private static final Path LAUNCHER = Path.of("..", "stockring").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp()
    {
        started.forEach(Process::destroyForcibly);
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    private record Result(int exit, String out, String err)
    {
    }

    private Result cli(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    private String[] as(final int port, final String who, final boolean cert, final String... command)
    {
        final List<String> args = new ArrayList<>(List.of("--server", "127.0.0.1:" + port, "--ca",
            dir.resolve("certs/ca.crt").toString()));
        if (cert)
        {
            args.addAll(List.of("--cert", dir.resolve("certs/" + who + ".crt").toString(), "--key",
                dir.resolve("certs/" + who + ".key").toString()));
        }
        else if (who != null)
        {
            args.addAll(List.of("--token-file", dir.resolve("certs/" + who + ".token").toString()));
        }
        args.addAll(List.of(command));
        return args.toArray(new String[0]);
    }

    @Test
    void shouldRunTheSecureQuickStart() throws Exception
    {
        final Process certs = new ProcessBuilder(LAUNCHER.toString(), "certs", dir.resolve("certs").toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("certs.log").toFile()).start();
        assertTrue(certs.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, certs.exitValue(), Files.readString(dir.resolve("certs.log")));
        assertTrue(Files.readString(dir.resolve("certs/security.properties")).contains("principal.ops.tokens=sha256:"));
        final String opsToken = Files.readString(dir.resolve("certs/ops.token")).strip();
        assertTrue(!Files.readString(dir.resolve("certs/security.properties")).contains(opsToken),
            "the security file holds digests, never tokens");

        final int port = freePort();
        final Process server = new ProcessBuilder(LAUNCHER.toString(), "serve", "--security",
            dir.resolve("certs/security.properties").toString(), "--demo", "--durability", "async", "--data-dir",
            dir.resolve("data").toString(), "--grpc-port", Integer.toString(port), "--metrics-port", "0",
            "--log-level", "warn")
            .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        started.add(server);
        final StockringClient.Security opsSecurity = new StockringClient.Security(dir.resolve("certs/ca.crt"), null,
            null, opsToken, null);
        try (StockringClient ops = StockringClient.connect("127.0.0.1", port, StockringClient.Options.defaults()
            .withDeadline(Duration.ofSeconds(10)), opsSecurity))
        {
            final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true)
            {
                try
                {
                    assertEquals("ops", ops.security().whoAmI(WhoAmIRequest.getDefaultInstance()).getName());
                    if (!ops.getStock("G0300", "").isEmpty())
                    {
                        break;
                    }
                }
                catch (final StatusRuntimeException e)
                {
                    if (!server.isAlive() || System.nanoTime() > until)
                    {
                        throw new AssertionError("server did not come up: " + Files.readString(
                            dir.resolve("server.log")), e);
                    }
                }
                Thread.sleep(300);
            }

            // roles: the operator reads stock and changes it, with a reason for the audit trail
            Result r = cli(as(port, "ops", false, "stock", "G0001", "ONLINE"));
            assertEquals(0, r.exit(), r.err());
            r = cli(as(port, "ops", false, "--audit-reason", "supplier delivery 4711", "receive", "G0001", "CW", "5"));
            assertEquals(0, r.exit(), r.err());
            // a channel by its client certificate: its own pool
            r = cli(as(port, "app", true, "reserve", "--channel", "app", "G0001@ONLINE:1"));
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("HELD channel=app"), r.out());
            r = cli(as(port, "app", true, "whoami"));
            assertTrue(r.out().contains("app roles=channel,reader channel=app by=certificate"), r.out());
            // refusals, each with its status and exit code 1; unreachable over plaintext: 3
            r = cli(as(port, "app", true, "reserve", "--channel", "mini", "G0001@ONLINE:1"));
            assertEquals(1, r.exit());
            assertTrue(r.err().startsWith("stockring: PERMISSION_DENIED"), r.err());
            r = cli(as(port, "app", false, "receive", "G0001", "CW", "1"));
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("PERMISSION_DENIED"), r.err());
            r = cli(as(port, null, false, "stock", "G0001"));
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("UNAUTHENTICATED"), r.err());
            r = cli("--server", "127.0.0.1:" + port, "--deadline-ms", "2000", "stock", "G0001");
            assertEquals(3, r.exit(), r.err());
            r = cli(as(port, "planner", false, "policy", "G0001", "ONLINE", "--safety", "4", "--reorder", "6"));
            assertEquals(0, r.exit(), r.err());
            r = cli(as(port, "planner", false, "high-value", "G0002", "--reason", "limited edition"));
            assertEquals(0, r.exit(), r.err());
            r = cli(as(port, "mini", true, "reserve", "--channel", "mini", "G0002@ONLINE:1"));
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("high-value"), r.err());

            // the audit trail: over gRPC, and exported as CSV by the CLI
            assertTrue(ops.security().listAudit(ListAuditRequest.getDefaultInstance()).getRecordsList().stream()
                .anyMatch(a -> a.getReason().equals("supplier delivery 4711") && a.getPrincipal().equals("ops")));
            final Path csv = dir.resolve("audit.csv");
            r = cli(as(port, "ops", false, "audit", "--export", csv.toString(), "--format", "csv"));
            assertEquals(0, r.exit(), r.err());
            final String exported = Files.readString(csv);
            assertTrue(exported.contains("\"supplier delivery 4711\""), exported);
            assertTrue(exported.contains("\"stockring.v1.Security/SetHighValueSku\""), exported);
            assertTrue(exported.contains("\"PERMISSION_DENIED\""), "the refused receive is recorded too");
        }
        server.destroy();
        assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, server.exitValue(), Files.readString(dir.resolve("server.log")));
        final String log = Files.readString(dir.resolve("server.log"));
        for (final String name : new String[] {"ops", "app", "mini", "planner"})
        {
            assertTrue(!log.contains(Files.readString(dir.resolve("certs/" + name + ".token")).strip()),
                "a token in the server log");
        }
    }
}
