package io.stockring.bench.load;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest
{
    private static Histogram oneToThousandMicros()
    {
        final Histogram h = new Histogram(PhaseRunner.HIGHEST_NS, 3);
        for (int us = 1; us <= 1_000; us++)
        {
            h.recordValue(us * 1_000L);
        }
        return h;
    }

    @Test
    void shouldPrintThePercentilesInMilliseconds()
    {
        assertEquals("p50 0.500  p90 0.900  p99 0.990  p99.9 0.999  max 1.000 ms",
            Report.percentiles(oneToThousandMicros()).replaceAll("(\\d\\.\\d{3})\\d*", "$1"));
        assertEquals("no samples", Report.percentiles(new Histogram(3)));
        assertEquals("p50 -  p99 -  max - ms", Report.shortPercentiles(null));
    }

    @Test
    void shouldLabelPercentilesWithoutUselessDecimals()
    {
        assertEquals("50", Report.label(50));
        assertEquals("99.9", Report.label(99.9));
    }

    @Test
    void shouldWriteTextAndJsonWithTheDurabilityAndTheErrorsByReason()
    {
        final PhaseSpec spec = new PhaseSpec("reserve", Scenario.UNIFORM, "unary", true, 0, 1_000, 100, 0,
            1_000_000_000L);
        final PhaseResult r = new PhaseResult(spec, 1.0, 990, 10, 990, 1_000, oneToThousandMicros(),
            Map.of("FAILED_PRECONDITION/INSUFFICIENT_STOCK", 10L), 0, 3, false, false,
            List.of(new long[] {1_000, 500, 400_000, 900_000, 1_000_000}, new long[] {2_000, 490, 500_000, 990_000,
                1_100_000}), "writer busy 50% of the window", tenPercentStalled());
        final Report.Context ctx = new Report.Context("run-1", "127.0.0.1:1", "in-process StockringServer", "sync",
            2, "jvm", "2026-11-25T00:00:00Z", 42, "10 skus");
        final Report.Checks checks = new Report.Checks(true, "1 stock entries", null, "--no-books",
            List.of("redis: books balanced"));
        final List<Report.Verdict> verdicts = List.of(new Report.Verdict("p99", "0.990 ms", "< 2 ms", true));

        final String text = Report.text(ctx, List.of(r), verdicts, checks);
        assertTrue(text.contains("durability sync"), text);
        assertTrue(text.contains("FAILED_PRECONDITION/INSUFFICIENT_STOCK"), text);
        assertTrue(text.contains("from planned send time"), text);
        assertTrue(text.contains("MET"), text);
        assertTrue(text.contains("hiccups (this JVM) p50 0.050"), text);
        assertTrue(text.contains("stalled >= 1 ms: 10.00 % of the time"), text);

        final String json = Report.json(ctx, List.of(r), verdicts, checks);
        assertTrue(json.contains("\"durability\": \"sync\""), json);
        assertTrue(json.contains("\"p99.9\": 0.999"), json);
        assertTrue(json.contains("\"ratePerS\": 1000.000"), json);
        assertTrue(json.contains("\"FAILED_PRECONDITION/INSUFFICIENT_STOCK\": 10"), json);
        assertTrue(json.contains("\"hiccupsMs\": {\"count\": 1000") && json.contains("\"stalledShare\": 0.100"), json);
        assertEquals(json.chars().filter(c -> c == '{').count(), json.chars().filter(c -> c == '}').count());
        assertEquals(json.chars().filter(c -> c == '[').count(), json.chars().filter(c -> c == ']').count());
    }

    /** 990 naps overshot by 50 us, ten by 10 ms: 100 ms of a 1 s window stalled. */
    static Histogram tenPercentStalled()
    {
        final Histogram h = new Histogram(PhaseRunner.HIGHEST_NS, 3);
        h.recordValueWithCount(50_000, 990);
        h.recordValueWithCount(10_000_000, 10);
        return h;
    }

    @Test
    void shouldEscapeJsonStrings()
    {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Report.q("a\"b\\c\nd\u0001"));
        assertEquals("null", Report.q(null));
    }

    @Test
    void shouldPlotPercentilesOnTheNinesAxis()
    {
        assertEquals(0, HtmlReport.percentileX(0), 1e-9);
        assertEquals(1, HtmlReport.percentileX(90), 1e-9);
        assertEquals(3, HtmlReport.percentileX(99.9), 1e-9);
        assertEquals(5, HtmlReport.percentileX(100), 1e-9);
        assertEquals(2, HtmlReport.niceCeil(1.3), 1e-9);
        assertEquals(0.5, HtmlReport.niceCeil(0.41), 1e-9);
        assertEquals(10, HtmlReport.niceCeil(10), 1e-9);
    }

    @Test
    void shouldWriteAnHtmlPageWithBothPlotsPerPhase()
    {
        final PhaseSpec spec = new PhaseSpec("empty-1", Scenario.EMPTY, "unary", false, 64, 0, 100, 0, 1_000_000_000L);
        final PhaseResult r = new PhaseResult(spec, 1.0, 1_000, 0, 1_000, 1_000, oneToThousandMicros(), Map.of(), 0, 0,
            false, false, List.of(new long[] {1_000, 500, 400_000, 900_000, 1_000_000}), null, tenPercentStalled());
        final Report.Context ctx = new Report.Context("run-<1>", "127.0.0.1:1", "in-process StockringServer", "sync",
            2, "jvm", "2026-11-25T00:00:00Z", 42, "none");
        final String html = HtmlReport.html(ctx, List.of(r), "text & more");
        assertEquals(2, html.split("<svg ", -1).length - 1, html);
        assertTrue(html.contains("run-&lt;1&gt;") && html.contains("text &amp; more"), html);
        assertTrue(html.contains("<polyline"), html);
    }

    @Test
    void shouldSumPrometheusSamplesByNameAndDescribeTheWindow()
    {
        final java.util.Map<String, Double> before = ServerFigures.parse(String.join("\n",
            "# HELP stockring_writer_batches_total x", "stockring_writer_batches_total 100.0",
            "stockring_writer_busy_seconds_total 1.0", "stockring_writer_commands_applied_total 1000",
            "stockring_journal_fsync_seconds_count{a=\"b\"} 10", "stockring_journal_fsync_seconds_sum 0.002"));
        final java.util.Map<String, Double> after = ServerFigures.parse(String.join("\n",
            "stockring_writer_batches_total 1100.0", "stockring_writer_busy_seconds_total 6.0",
            "stockring_writer_commands_applied_total 21000", "stockring_journal_fsync_seconds_count{a=\"b\"} 510",
            "stockring_journal_fsync_seconds_count{a=\"c\"} 500", "stockring_journal_fsync_seconds_sum 0.202"));
        assertEquals(1010.0, after.get("stockring_journal_fsync_seconds_count"));
        assertEquals("writer busy 50% of the window, 2,000 commands/s in 100 batches/s (mean 20.0), 100 fsyncs/s "
            + "(mean 0.200 ms)", ServerFigures.describe(before, after, 10.0));
        assertEquals(null, ServerFigures.describe(java.util.Map.of(), after, 10.0));
    }

    @Test
    void shouldDescribeTheEngineStagesPerStageFromTheirBuckets()
    {
        final String common = String.join("\n", "stockring_writer_batches_total 100.0",
            "stockring_writer_busy_seconds_total 1.0", "stockring_writer_commands_applied_total 1000");
        final java.util.Map<String, Double> before = ServerFigures.parse(common + "\n" + String.join("\n",
            "stockring_engine_stage_seconds_count{application=\"s\",stage=\"journal\"} 100",
            "stockring_engine_stage_seconds_sum{application=\"s\",stage=\"journal\"} 0.02",
            "stockring_engine_stage_seconds_bucket{application=\"s\",le=\"0.001\",stage=\"journal\"} 100",
            "stockring_engine_stage_seconds_count{application=\"s\",stage=\"apply\"} 100",
            "stockring_engine_stage_seconds_sum{application=\"s\",stage=\"apply\"} 0.001",
            "stockring_engine_stage_seconds_bucket{application=\"s\",le=\"0.001\",stage=\"apply\"} 100"));
        final java.util.Map<String, Double> after = ServerFigures.parse(common + "\n" + String.join("\n",
            "stockring_engine_stage_seconds_count{application=\"s\",stage=\"journal\"} 1100",
            "stockring_engine_stage_seconds_sum{application=\"s\",stage=\"journal\"} 0.32",
            "stockring_engine_stage_seconds_bucket{application=\"s\",le=\"0.001\",stage=\"journal\"} 1000",
            "stockring_engine_stage_seconds_count{application=\"s\",stage=\"apply\"} 1100",
            "stockring_engine_stage_seconds_sum{application=\"s\",stage=\"apply\"} 0.011",
            "stockring_engine_stage_seconds_bucket{application=\"s\",le=\"0.001\",stage=\"apply\"} 1100"));
        final String text = ServerFigures.describe(before, after, 10.0);
        assertTrue(text.endsWith("; engine stages (sampled): journal mean 0.300 ms, 10.0 % over 1 ms; " +
            "apply mean 0.010 ms, 0.0 % over 1 ms"), text);
    }
}
