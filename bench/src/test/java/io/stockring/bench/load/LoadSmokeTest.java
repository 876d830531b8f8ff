package io.stockring.bench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few seconds end to end: an in-process server (async), a small catalog, a closed loop, the checks. */
class LoadSmokeTest
{
    @Test
    void shouldReserveThroughAnInProcessServerAndBalanceTheBooks(@TempDir final Path dir) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Path json = dir.resolve("run.json");
        final Path hlog = dir.resolve("run.hlog");
        // Reservations are kept (7 days' retention): room for 1.3 s at a rate well above this machine's.
        final int rc = LoadMain.execute(new String[] {"--start", "--durability", "async", "--skus", "200",
            "--scenario", "mixed", "--mode", "closed", "--concurrency", "16", "--warmup", "300ms", "--duration", "1s",
            "--capacity-reservations", "100000", "--seed", "42", "--json", json.toString(), "--hlog",
            hlog.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);
        final String report = out.toString(StandardCharsets.UTF_8);
        final String diagnostics = report + "\n" + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, diagnostics);
        assertTrue(report.contains("durability async"), diagnostics);
        assertTrue(report.contains("verify: clean"), diagnostics);
        assertTrue(report.contains("books: balanced over 200 skus"), diagnostics);

        final String j = Files.readString(json);
        final Matcher ok = Pattern.compile("\"ok\": (\\d+)").matcher(j);
        assertTrue(ok.find(), j);
        assertTrue(Long.parseLong(ok.group(1)) > 0, j);
        assertTrue(j.contains("\"verifyClean\": true") && j.contains("\"booksBalanced\": true"), j);
        assertTrue(Files.readString(hlog).contains("mixed"), "the log's intervals are tagged by phase");
    }

    @Test
    void shouldCompareAPlaintextAndASecureServerInOneRun(@TempDir final Path dir) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Each server holds every reservation its two stream phases make (closed loop, nothing
        // released): the capacity must outgrow the fastest machine's rate x 0.8 s, or the ledger
        // fills and the run fails with LEDGER_FULL (seen at 170k reserves/s with 200,000).
        final int rc = LoadMain.execute(new String[] {"--start", "--compare-security", "--durability", "async",
            "--skus", "100", "--concurrency", "8", "--stream-concurrency", "64", "--batch-size", "16", "--security-rounds",
            "1", "--warmup", "100ms", "--duration", "300ms", "--capacity-reservations", "400000", "--seed", "7"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            false);
        final String report = out.toString(StandardCharsets.UTF_8);
        final String diagnostics = report + "\n" + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, diagnostics);
        for (final String phase : new String[] {"plain-unary-1", "secure-unary-1", "secure-unary-2", "plain-unary-2",
            "plain-stream-1", "secure-stream-2"})
        {
            assertTrue(report.contains("phase " + phase + ":"), diagnostics);
        }
        assertTrue(report.contains("unary Reserve, TLS+auth / plaintext"), diagnostics);
        assertTrue(report.contains("ReserveStream, TLS+auth / plaintext"), diagnostics);
        assertTrue(report.contains("plain server: verify clean, books balanced"), diagnostics);
        assertTrue(report.contains("secure server: verify clean, books balanced"), diagnostics);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("TLS, bearer token"), diagnostics);
    }

    @Test
    void shouldSayInOneLineThatNoServerIsThere()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int rc = LoadMain.execute(new String[] {"--target", "127.0.0.1:1"}, new PrintStream(
            new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true,
            StandardCharsets.UTF_8), false);
        assertEquals(LoadMain.EXIT_NO_SERVER, rc);
        final String e = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(e.startsWith("stockring bench load: no stockring server answers at 127.0.0.1:1"), e);
        assertEquals(1, e.lines().count(), e);
    }

    @Test
    void shouldRefuseAnUnknownScenarioAndAnImpossibleRate()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        final PrintStream outs = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(LoadMain.EXIT_USAGE, LoadMain.execute(new String[] {"--start", "--scenario", "nope"}, outs, errs,
            false));
        assertEquals(LoadMain.EXIT_USAGE, LoadMain.execute(new String[] {"--start", "--mode", "open", "--rate",
            "50M"}, outs, errs, false));
        final String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("unknown scenario 'nope'"), e);
        assertTrue(e.contains("more than this generator can schedule"), e);
        assertEquals(2, e.lines().count(), e);
    }
}
