package io.stockring.engine;

import io.stockring.core.command.Outcome;
import io.stockring.core.command.ReservationState;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.ledger.ReservationView;
import io.stockring.core.recovery.NodeMeta;
import io.stockring.core.recovery.Recovery;
import io.stockring.core.recovery.SnapshotStore;
import io.stockring.core.testing.StateDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Proof (1) of docs/architecture.md, "Durability and recovery": a child JVM runs the engine under a
 * concurrent load and is killed with SIGKILL at a random moment, several times over the same data
 * directory. After each kill this JVM recovers the directory (the PROCESS_CRASH path) and checks,
 * against the child's record of acknowledged outcomes:
 *
 * <ol>
 *   <li>every invariant holds ({@code verify} is clean);</li>
 *   <li>every acknowledged command is there exactly once: retried with the same id and content it
 *       is answered with the acknowledged code and value, and the retries change nothing;</li>
 *   <li>every acknowledged reservation exists with its lines, and acknowledged confirms, releases
 *       and expiries left it in the state they said, each reservation leaving HELD at most once;</li>
 *   <li>the catalog is what the acknowledged upserts made it (ids, names, kinds, parents);</li>
 *   <li>the recovered state is exact: the same directory recovered on the machine-crash path
 *       (newest snapshot + journal replay), and from the journal alone while it still starts at
 *       seq 1, gives the same state digest.</li>
 * </ol>
 *
 * Replay a failing run with {@code -Dcrash.seed=<seed>} (the load's interleaving is not
 * reproducible, the kill moments and the child's random choices are); {@code -Dcrash.cycles=N}
 * (the child's ledger capacity and rate limit are sized for up to about 7 cycles).
 */
class CrashRecoveryIT
{
    private static final int LOAD_THREADS = 3;
    private static final String OTHER_BOOT = "crash-it-some-other-boot";
    private static final int FULL_JIT_CYCLE = 2;
    /** This cycle is killed while a snapshot is being written (its temporary directory exists). */
    private static final int MID_SNAPSHOT_CYCLE = 3;

    @TempDir
    Path tmp;

    /** The acknowledged outcome of one request, as the child printed it. */
    private record Ack(LoadRequest request, ResultCode code, long value, long seq, int cycle)
    {
    }

    @Test
    void shouldRecoverEveryAcknowledgedCommandAfterSigkill() throws Exception
    {
        final long seed = Long.getLong("crash.seed", System.nanoTime());
        final int cycles = Integer.getInteger("crash.cycles", 5);
        System.out.println("CrashRecoveryIT seed=" + seed + " cycles=" + cycles +
            " (replay with -Dcrash.seed=" + seed + ")");
        final Random rnd = new Random(seed);
        final Path dataDir = tmp.resolve("data");
        final Map<String, Ack> acks = new LinkedHashMap<>();
        final long testStart = System.nanoTime();
        int journalOnlyChecks = 0;

        for (int cycle = 1; cycle <= cycles; cycle++)
        {
            final long cycleStart = System.nanoTime();
            final long runMs = 500 + rnd.nextInt(2001);
            final ChildRun run = runChildAndKill(dataDir, rnd.nextLong(), cycle, runMs);
            final int before = acks.size();
            collectAcks(run, cycle, acks);
            final int thisCycle = cycle;
            final long cycleAcks = acks.values().stream().filter(a -> a.cycle() == thisCycle).count();
            assertTrue(cycleAcks > 0, "cycle " + cycle + ": the child acknowledged nothing under load\n" +
                run.stderr());

            try
            {
                journalOnlyChecks += checkRecovery(dataDir, cycle, acks) ? 1 : 0;
            }
            catch (final Throwable t)
            {
                System.out.println("cycle " + cycle + " failed; child stderr:\n" + run.stderr());
                throw t;
            }
            System.out.printf("cycle %d%s: child recovered %s%s, load from %d ms, killed after %d ms of load, " +
                    "%d new acks (%d total, %d of this cycle), %d lines; cycle took %d ms%n", cycle,
                cycle == MID_SNAPSHOT_CYCLE ? " (killed mid-snapshot)" : "", run.recoveredMode(), cycle == FULL_JIT_CYCLE ? " (full JIT)" : " (C1 only)", run.readyMs(), runMs,
                acks.size() - before, acks.size(), cycleAcks, run.lines().size(),
                (System.nanoTime() - cycleStart) / 1_000_000);
        }
        final Map<String, Long> byKind = acks.values().stream()
            .collect(Collectors.groupingBy(a -> a.request().kind + ":" + a.code(), TreeMap::new,
                Collectors.counting()));
        System.out.println("CrashRecoveryIT seed=" + seed + ": " + cycles + " kills, " + acks.size() +
            " acknowledged commands re-checked after every kill, journal-only replay checked " + journalOnlyChecks +
            " time(s), " + (System.nanoTime() - testStart) / 1_000_000 + " ms; outcomes " + byKind);
    }

    // ------------------------------------------------------------------ the child

    private record ChildRun(List<String> lines, Path stderrFile, String recoveredMode, long readyMs)
    {
        String stderr()
        {
            try
            {
                final String s = Files.readString(stderrFile, StandardCharsets.UTF_8);
                return s.length() > 20_000 ? "..." + s.substring(s.length() - 20_000) : s;
            }
            catch (final IOException e)
            {
                return "(no stderr: " + e + ")";
            }
        }
    }

    private ChildRun runChildAndKill(final Path dataDir, final long childSeed, final int cycle, final long runMs)
        throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.add("-Xmx256m");
        if (cycle != FULL_JIT_CYCLE)
        {
            // The child's start is dominated by Chronicle compiling its generated classes with javac:
            // C1 alone halves it on a small shared machine. One cycle keeps the full JIT (C2).
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashLoadChild.class.getName());
        command.add(dataDir.toString());
        command.add(Long.toString(childSeed));
        command.add(Integer.toString(cycle));
        command.add(Integer.toString(LOAD_THREADS));
        final Path stderr = tmp.resolve("child-" + cycle + ".stderr");
        final long started = System.nanoTime();
        final Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ready = new CountDownLatch(1);
        final Thread reader = new Thread(() -> readLines(process.getInputStream(), lines, ready), "crash-it-reader");
        reader.start();
        final ChildRun run = new ChildRun(lines, stderr, null, 0);
        long readyMs = 0;
        try
        {
            while (!ready.await(100, TimeUnit.MILLISECONDS))
            {
                if (!process.isAlive() || System.nanoTime() - started > 60_000_000_000L)
                {
                    fail("cycle " + cycle + ": the child did not start its load (alive=" + process.isAlive() +
                        "); its output: " + lines + "\n" + run.stderr());
                }
            }
            readyMs = (System.nanoTime() - started) / 1_000_000;
            final long deadline = System.nanoTime() + runMs * 1_000_000;
            while (System.nanoTime() < deadline && process.isAlive())
            {
                Thread.sleep(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
            }
            if (cycle == MID_SNAPSHOT_CYCLE)
            {
                assertTrue(awaitSnapshotInProgress(dataDir.resolve("snapshots"), process),
                    "cycle " + cycle + ": no snapshot was seen in progress to kill the child in\n" + run.stderr());
            }
            assertTrue(process.isAlive(), "cycle " + cycle + ": the child died before the kill, exit " +
                (process.isAlive() ? "-" : process.exitValue()) + "\n" + run.stderr());
        }
        finally
        {
            process.destroyForcibly(); // SIGKILL on Linux
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            reader.join(30_000);
        }
        assertEquals(137, process.exitValue(), "the child should have died of SIGKILL");
        final List<String> copy;
        synchronized (lines)
        {
            copy = new ArrayList<>(lines);
        }
        final String mode = copy.stream().filter(l -> l.startsWith("RECOVERED ")).map(l -> l.split(" ")[1] +
            " after " + l.split(" ")[2] + " ms").findFirst().orElse("?") + ", ready after " + copy.stream()
            .filter(l -> l.startsWith("READY ")).map(l -> l.split(" ")[1]).findFirst().orElse("?") + " ms";
        return new ChildRun(copy, stderr, mode, readyMs);
    }

    /** Polls for a snapshot's temporary directory (the child checkpoints every 300 ms), up to 10 s. */
    private static boolean awaitSnapshotInProgress(final Path snapshots, final Process process) throws IOException
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && process.isAlive())
        {
            if (Files.isDirectory(snapshots))
            {
                try (Stream<Path> entries = Files.list(snapshots))
                {
                    if (entries.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")))
                    {
                        return true;
                    }
                }
                catch (final java.nio.file.NoSuchFileException e)
                {
                    // renamed while listed: look again
                }
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** Complete lines only: a line the kill cut short (no newline) is dropped. */
    private static void readLines(final InputStream in, final List<String> lines, final CountDownLatch ready)
    {
        final StringBuilder sb = new StringBuilder();
        final byte[] buf = new byte[65536];
        try
        {
            int n;
            while ((n = in.read(buf)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    final char c = (char)(buf[i] & 0xFF);
                    if (c == '\n')
                    {
                        final String line = sb.toString();
                        sb.setLength(0);
                        lines.add(line);
                        if (line.startsWith("READY"))
                        {
                            ready.countDown();
                        }
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        catch (final IOException e)
        {
            // the child is gone
        }
    }

    private static List<String> jvmOptions() throws IOException
    {
        Path file = Path.of("jvm.options");
        if (!Files.exists(file))
        {
            file = Path.of("server", "jvm.options");
        }
        final List<String> options = Files.readAllLines(file).stream().map(String::trim)
            .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
        assertTrue(options.contains("-Dchronicle.analytics.disable=true"), "jvm.options lost the analytics switch");
        return options;
    }

    private static void collectAcks(final ChildRun run, final int cycle, final Map<String, Ack> acks)
    {
        final List<String> errors = new ArrayList<>();
        for (final String line : run.lines())
        {
            final String[] t = line.split(" ");
            switch (t[0])
            {
                case "ACK":
                {
                    final Ack ack = new Ack(LoadRequest.parse(t, 4), ResultCode.valueOf(t[1]), Long.parseLong(t[2]),
                        Long.parseLong(t[3]), cycle);
                    final Ack earlier = acks.putIfAbsent(ack.request().requestId, ack);
                    if (earlier != null)
                    {
                        // Only the setup requests are sent again (every cycle): a retry must get the first answer.
                        assertEquals(earlier.request(), ack.request(), "request id reused with other content");
                        assertEquals(earlier.code() + " " + earlier.value(), ack.code() + " " + ack.value(),
                            "cycle " + cycle + ": the child's retry of " + ack.request() +
                                " was answered differently than in cycle " + earlier.cycle());
                    }
                    break;
                }
                case "SYS":
                case "ERR":
                    errors.add(line);
                    break;
                default:
                    break;
            }
        }
        assertTrue(errors.isEmpty(), "cycle " + cycle + ": the child saw refusals that are bugs or a ledger too " +
            "small for the test (" + errors.size() + "), first: " + errors.subList(0, Math.min(20, errors.size())) +
            "\n" + run.stderr());
    }

    // ------------------------------------------------------------------ the checks

    private static EngineConfig parentConfig(final Path dataDir)
    {
        return CrashLoadChild.config(dataDir).timersEnabled(false).checkpointIntervalMs(0);
    }

    /** @return true if the journal-only replay could be checked too (the journal still starts at seq 1) */
    private boolean checkRecovery(final Path dataDir, final int cycle, final Map<String, Ack> acks) throws Exception
    {
        // Copies of the crashed directory, made before anything touches it.
        final Path machineCopy = tmp.resolve("machine-copy-" + cycle);
        copyTree(dataDir.resolve("journal"), machineCopy.resolve("journal"));
        copyTree(dataDir.resolve("snapshots"), machineCopy.resolve("snapshots"));
        new NodeMeta(NodeMeta.State.RUNNING, OTHER_BOOT).write(machineCopy);
        final boolean journalFromStart =
            Files.exists(dataDir.resolve("journal").resolve(String.format("%020d.journal", 1)));
        final Path journalCopy = tmp.resolve("journal-copy-" + cycle);
        if (journalFromStart)
        {
            copyTree(dataDir.resolve("journal"), journalCopy.resolve("journal"));
        }

        try (StockEngine engine = StockEngine.start(parentConfig(dataDir)))
        {
            final Recovery.Report report = engine.recoveryReport();
            System.out.println("cycle " + cycle + ": parent recovered " + report);
            assertEquals(Recovery.Mode.PROCESS_CRASH, report.mode(), "a SIGKILL must be recovered as a process crash");
            assertClean(engine, "cycle " + cycle + " after recovery");
            final long lastSeq = report.journalLastSeq();
            final long maxAckSeq = acks.values().stream().mapToLong(Ack::seq).max().orElse(0);
            assertTrue(maxAckSeq <= lastSeq, "acknowledged seq " + maxAckSeq + " is beyond the recovered journal, " +
                "which ends at " + lastSeq);
            assertEquals(lastSeq, engine.stateMachine().appliedSeq(), "recovery must apply the whole journal");

            checkCatalog(engine, cycle, acks);
            final String digest = digest(engine, lastSeq);

            // (d) exactness: the same history recovered on the other paths gives the same state.
            try (StockEngine other = StockEngine.start(parentConfig(machineCopy)))
            {
                assertEquals(Recovery.Mode.MACHINE_CRASH, other.recoveryReport().mode());
                System.out.println("cycle " + cycle + ": machine-crash copy recovered " + other.recoveryReport());
                assertClean(other, "cycle " + cycle + " machine-crash copy");
                assertEquals(lastSeq, other.stateMachine().appliedSeq());
                assertEquals(digest, digest(other, lastSeq),
                    "the process-crash recovery differs from snapshot + journal replay of the same history");
            }
            if (journalFromStart)
            {
                try (StockEngine other = StockEngine.start(parentConfig(journalCopy)))
                {
                    assertEquals(Recovery.Mode.NEW, other.recoveryReport().mode());
                    assertEquals(lastSeq, other.recoveryReport().replayed());
                    assertClean(other, "cycle " + cycle + " journal-only copy");
                    assertEquals(digest, digest(other, lastSeq),
                        "the process-crash recovery differs from a replay of the whole journal");
                }
            }

            // (b) every acknowledged command is there exactly once.
            retryAll(engine, cycle, acks);
            assertEquals(digest, digest(engine, lastSeq), "retries of acknowledged commands changed the ledger");
            assertClean(engine, "cycle " + cycle + " after the retries");

            // (c) acknowledged reservations and their fates.
            checkReservations(engine, cycle, acks);
        }
        SnapshotStore.deleteTree(machineCopy);
        SnapshotStore.deleteTree(journalCopy);
        return journalFromStart;
    }

    private static void assertClean(final StockEngine engine, final String when) throws Exception
    {
        final LedgerVerifier.Report report = engine.verify().get(60, TimeUnit.SECONDS);
        assertTrue(report.isClean(), when + ": " + report);
    }

    /** Every reservation id is a journal seq, so ids 1..lastSeq name every reservation there can be. */
    private static String digest(final StockEngine engine, final long lastSeq)
    {
        return StateDigest.of(engine.reads(), () -> LongStream.rangeClosed(1, lastSeq).iterator());
    }

    private static void retryAll(final StockEngine engine, final int cycle, final Map<String, Ack> acks)
        throws Exception
    {
        final List<String> mismatches = new ArrayList<>();
        final List<Ack> all = new ArrayList<>(acks.values());
        final int window = 512;
        for (int from = 0; from < all.size(); from += window)
        {
            final List<Ack> batch = all.subList(from, Math.min(all.size(), from + window));
            final List<CompletableFuture<Outcome>> futures = new ArrayList<>(batch.size());
            for (final Ack a : batch)
            {
                futures.add(a.request().submit(engine));
            }
            for (int i = 0; i < batch.size(); i++)
            {
                final Ack a = batch.get(i);
                final Outcome o = futures.get(i).get(60, TimeUnit.SECONDS);
                if (o.code() != a.code() || o.value() != a.value())
                {
                    mismatches.add(a.request() + " acknowledged in cycle " + a.cycle() + " as " + a.code() + "/" +
                        a.value() + " (seq " + a.seq() + "), retried: " + o.code() + "/" + o.value());
                }
            }
        }
        assertTrue(mismatches.isEmpty(), "cycle " + cycle + ": " + mismatches.size() + " of " + all.size() +
            " acknowledged commands are not in the recovered ledger exactly as acknowledged; first: " +
            mismatches.subList(0, Math.min(20, mismatches.size())));
    }

    /** The catalog as the acknowledged upserts made it (they are all OK: the child's setup checks). */
    private static void checkCatalog(final StockEngine engine, final int cycle, final Map<String, Ack> acks)
    {
        final List<String> problems = new ArrayList<>();
        final Catalog catalog = engine.catalog();
        for (final Ack a : acks.values())
        {
            final String[] args = a.request().args;
            if (a.request().kind.equals("LOC"))
            {
                final Catalog.Location l = catalog.location(args[0]);
                final Catalog.Location parent = l == null ? null : catalog.location(l.parentId());
                final String parentCode = parent == null ? "-" : parent.code();
                if (l == null || l.id() != a.value() || !l.name().equals(args[1]) || !l.kind().name().equals(args[2]) ||
                    !parentCode.equals(args[3]))
                {
                    problems.add(a.request() + " acknowledged as id " + a.value() + " but the catalog has " + l +
                        " (parent " + parentCode + ")");
                }
            }
            else if (a.request().kind.equals("ITEM"))
            {
                final Catalog.Item i = catalog.item(args[0]);
                if (i == null || i.id() != a.value() || !i.name().equals(args[1]) || !i.category().equals(args[2]))
                {
                    problems.add(a.request() + " acknowledged as id " + a.value() + " but the catalog has " + i);
                }
            }
        }
        assertTrue(problems.isEmpty(), "cycle " + cycle + ": the recovered catalog is not what was acknowledged: " +
            problems);
    }

    private static void checkReservations(final StockEngine engine, final int cycle, final Map<String, Ack> acks)
    {
        final List<String> problems = new ArrayList<>();
        final Map<Long, Ack> reserves = new HashMap<>();
        for (final Ack a : acks.values())
        {
            if (a.request().kind.equals("RESERVE") && a.code() == ResultCode.OK)
            {
                reserves.put(a.value(), a);
                final ReservationView r = engine.reservation(a.value()).orElse(null);
                if (r == null)
                {
                    problems.add("reservation " + a.value() + " of " + a.request() + " is missing");
                    continue;
                }
                final Map<String, Long> lines = new TreeMap<>();
                r.lines().forEach(l -> lines.merge(l.sku() + "@" + l.location(), l.quantity(), Long::sum));
                if (!lines.equals(a.request().summedLines()) || !r.channel().equals(a.request().args[0]) ||
                    r.expiresAtMs() - r.createdAtMs() != a.request().longArg(1))
                {
                    problems.add("reservation " + a.value() + " is " + r + " but was acknowledged for " + a.request());
                }
            }
        }
        final Map<Long, List<Ack>> finishes = new HashMap<>();
        for (final Ack a : acks.values())
        {
            final String kind = a.request().kind;
            if (!kind.equals("CONFIRM") && !kind.equals("RELEASE"))
            {
                continue;
            }
            final long id = a.request().longArg(0);
            final ReservationState expected = switch (a.code())
            {
                case OK -> kind.equals("CONFIRM") ? ReservationState.CONFIRMED : ReservationState.RELEASED;
                case ALREADY_CONFIRMED -> ReservationState.CONFIRMED;
                case ALREADY_RELEASED -> ReservationState.RELEASED;
                case RESERVATION_EXPIRED -> ReservationState.EXPIRED;
                default -> null;
            };
            if (a.code() == ResultCode.OK || a.code() == ResultCode.RESERVATION_EXPIRED)
            {
                finishes.computeIfAbsent(id, k -> new ArrayList<>()).add(a);
            }
            if (expected == null)
            {
                if (a.code() == ResultCode.UNKNOWN_RESERVATION && (reserves.containsKey(id) ||
                    engine.reservation(id).isPresent()) && a.seq() > id)
                {
                    problems.add(a.request() + " answered UNKNOWN_RESERVATION but reservation " + id + " exists");
                }
                continue;
            }
            final ReservationView r = engine.reservation(id).orElse(null);
            if (r == null || r.state() != expected)
            {
                problems.add(a.request() + " acknowledged " + a.code() + " but reservation " + id + " is " +
                    (r == null ? "missing" : r.state()));
            }
        }
        // A reservation leaves HELD exactly once: at most one acknowledged confirm/release moved it, and
        // then no command found it expired (an expiry moves it too, and is answered RESERVATION_EXPIRED).
        finishes.forEach((id, list) ->
        {
            final long moved = list.stream().filter(a -> a.code() == ResultCode.OK).count();
            final long expired = list.stream().filter(a -> a.code() == ResultCode.RESERVATION_EXPIRED).count();
            if (moved > 1 || (moved == 1 && expired > 0))
            {
                problems.add("reservation " + id + " left HELD more than once: " + list);
            }
        });
        assertTrue(problems.isEmpty(), "cycle " + cycle + ": " + problems.size() + " reservation problem(s): " +
            problems.subList(0, Math.min(20, problems.size())));
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        if (!Files.isDirectory(from))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(from))
        {
            for (final Path p : (Iterable<Path>)walk::iterator)
            {
                final Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
