package io.stockring.bench.load;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's report as readable text and as JSON (written by hand: a flat, stable shape, no
 * library). Latencies are milliseconds with microsecond resolution.
 */
final class Report
{
    /** The percentiles every report prints, in this order. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    /** A run's context: where it ran, and against what. */
    record Context(String runId, String target, String server, String durability, int cpus, String jvm,
        String startedAtUtc, long seed, String setup)
    {
    }

    /** A target of issue 3 and whether this run met it; a null target is a figure for information (a ratio). */
    record Verdict(String name, String measured, String target, boolean met)
    {
    }

    /** The post-run checks. */
    record Checks(Boolean verifyClean, String verifySummary, Books.Check books, String note, List<String> peers)
    {
        boolean passed()
        {
            return !Boolean.FALSE.equals(verifyClean) && (books == null || books.balanced()) &&
                peers.stream().noneMatch(p -> p.contains("DO NOT BALANCE"));
        }
    }

    private Report()
    {
    }

    /** {@code p50 0.812 p90 1.020 p99 2.310 p99.9 4.100 max 5.123 ms}, or {@code no samples}. */
    static String percentiles(final Histogram h)
    {
        if (h == null || h.getTotalCount() == 0)
        {
            return "no samples";
        }
        final StringBuilder sb = new StringBuilder();
        for (final double p : PERCENTILES)
        {
            sb.append('p').append(label(p)).append(' ').append(Units.ms(h.getValueAtPercentile(p))).append("  ");
        }
        sb.append("max ").append(Units.ms(h.getMaxValue())).append(" ms");
        return sb.toString();
    }

    /** The progress line's short form: {@code p50 0.812 p99 2.310 max 5.123 ms}. */
    static String shortPercentiles(final Histogram h)
    {
        if (h == null || h.getTotalCount() == 0)
        {
            return "p50 -  p99 -  max - ms";
        }
        return "p50 " + Units.ms(h.getValueAtPercentile(50)) + "  p99 " + Units.ms(h.getValueAtPercentile(99)) +
            "  max " + Units.ms(h.getMaxValue()) + " ms";
    }

    /** {@code 50}, {@code 99}, {@code 99.9}: a percentile without a useless ".0". */
    static String label(final double p)
    {
        return p == Math.rint(p) ? Long.toString((long)p) : Double.toString(p);
    }

    static String text(final Context ctx, final List<PhaseResult> phases, final List<Verdict> verdicts,
        final Checks checks)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("stockring load run ").append(ctx.runId()).append(" at ").append(ctx.startedAtUtc()).append('\n');
        sb.append("  target ").append(ctx.target()).append(" (").append(ctx.server()).append("), durability ")
            .append(ctx.durability()).append(", ").append(ctx.cpus()).append(" CPUs, ").append(ctx.jvm()).append('\n');
        sb.append("  setup ").append(ctx.setup()).append(", seed ").append(ctx.seed()).append('\n');
        for (final PhaseResult r : phases)
        {
            final PhaseSpec s = r.spec();
            sb.append('\n').append("phase ").append(s.name()).append(": scenario ").append(s.scenario())
                .append(", transport ").append(s.transport()).append(", ").append(s.loopDescription())
                .append(r.interrupted() ? " (INTERRUPTED)" : "").append('\n');
            sb.append(String.format(Locale.ROOT, "  window %.1f s  ok %,d (%s/s)  errors %,d  all completions %s/s%n",
                r.windowS(), r.ok(), Units.count(r.okPerS()), r.errors(), Units.count(r.completedPerS())));
            sb.append("  latency ms  ").append(percentiles(r.latency())).append("  (n=")
                .append(r.latency().getTotalCount()).append(s.open() ? ", from planned send time)" : ")").append('\n');
            if (s.open())
            {
                sb.append(String.format(Locale.ROOT, "  schedule: %,d sent >1 ms late, %,d never sent%s%n",
                    r.lateSends(), r.notSent(), r.rateShortfall() ? "  -- the generator fell behind" : ""));
            }
            if (r.serverFigures() != null)
            {
                sb.append("  server: ").append(r.serverFigures()).append('\n');
            }
            sb.append("  hiccups (this JVM) ").append(HiccupMeter.describe(r.hiccups(), windowNs(r))).append('\n');
            for (final Map.Entry<String, Long> e : r.errorsByReason().entrySet())
            {
                sb.append(String.format(Locale.ROOT, "  error %-50s %,d%n", e.getKey(), e.getValue()));
            }
        }
        if (!verdicts.isEmpty())
        {
            sb.append("\nverdicts and ratios, measured in this run:\n");
            for (final Verdict v : verdicts)
            {
                sb.append(v.target() == null ? String.format(Locale.ROOT, "  %-46s %s%n", v.name(), v.measured()) :
                    String.format(Locale.ROOT, "  %-46s %-34s target %-14s %s%n", v.name(), v.measured(), v.target(),
                    v.met() ? "MET" : "NOT MET"));
            }
        }
        if (checks != null)
        {
            sb.append("\nchecks:\n");
            sb.append("  verify: ").append(checks.verifyClean() == null ? "not run" :
                (checks.verifyClean() ? "clean" : "PROBLEMS")).append(checks.verifySummary() == null ? "" :
                " (" + checks.verifySummary() + ")").append('\n');
            final Books.Check b = checks.books();
            if (b == null)
            {
                sb.append("  books: not checked").append(checks.note() == null ? "" : " (" + checks.note() + ")")
                    .append('\n');
            }
            else
            {
                sb.append(String.format(Locale.ROOT,
                    "  books: %s over %,d skus (acknowledged: %,d held, %,d confirmed; %,d of unknown outcome)%n",
                    b.balanced() ? "balanced" : b.mismatches() + " MISMATCHES", b.skusChecked(), b.acknowledgedHeld(),
                    b.acknowledgedConfirmed(), b.unknown()));
                for (final String ex : b.examples())
                {
                    sb.append("    ").append(ex).append('\n');
                }
            }
            for (final String p : checks.peers())
            {
                sb.append("  peer ").append(p).append('\n');
            }
        }
        return sb.toString();
    }

    static String json(final Context ctx, final List<PhaseResult> phases, final List<Verdict> verdicts,
        final Checks checks)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append("  \"runId\": ").append(q(ctx.runId())).append(",\n");
        sb.append("  \"startedAtUtc\": ").append(q(ctx.startedAtUtc())).append(",\n");
        sb.append("  \"target\": ").append(q(ctx.target())).append(",\n");
        sb.append("  \"server\": ").append(q(ctx.server())).append(",\n");
        sb.append("  \"durability\": ").append(q(ctx.durability())).append(",\n");
        sb.append("  \"cpus\": ").append(ctx.cpus()).append(",\n");
        sb.append("  \"jvm\": ").append(q(ctx.jvm())).append(",\n");
        sb.append("  \"setup\": ").append(q(ctx.setup())).append(",\n");
        sb.append("  \"seed\": ").append(ctx.seed()).append(",\n");
        sb.append("  \"phases\": [");
        final List<String> items = new ArrayList<>();
        for (final PhaseResult r : phases)
        {
            final PhaseSpec s = r.spec();
            final StringBuilder p = new StringBuilder();
            p.append("\n    {\"name\": ").append(q(s.name()))
                .append(", \"scenario\": ").append(q(s.scenario().cliName()))
                .append(", \"transport\": ").append(q(s.transport()))
                .append(", \"mode\": ").append(q(s.open() ? "open" : "closed"))
                .append(", \"concurrency\": ").append(s.open() ? "null" : Integer.toString(s.concurrency()))
                .append(", \"ratePerS\": ").append(s.open() ? num(s.ratePerS()) : "null")
                .append(", \"warmupS\": ").append(num(s.warmupNs() / 1e9))
                .append(", \"windowS\": ").append(num(r.windowS()))
                .append(", \"ok\": ").append(r.ok())
                .append(", \"errors\": ").append(r.errors())
                .append(", \"okPerS\": ").append(num(r.okPerS()))
                .append(", \"completedPerS\": ").append(num(r.completedPerS()))
                .append(", \"interrupted\": ").append(r.interrupted());
            if (s.open())
            {
                p.append(", \"lateSends\": ").append(r.lateSends()).append(", \"notSent\": ").append(r.notSent())
                    .append(", \"generatorFellBehind\": ").append(r.rateShortfall());
            }
            p.append(",\n     \"latencyMs\": {");
            if (jsonPercentiles(p, r.latency()))
            {
                p.append(", \"mean\": ").append(num(r.latency().getMean() / 1e6));
            }
            p.append("},\n     \"hiccupsMs\": {");
            if (jsonPercentiles(p, r.hiccups()))
            {
                p.append(", \"stalledShare\": ").append(num(HiccupMeter.stalledShare(r.hiccups(), windowNs(r))));
            }
            p.append("},\n     \"server\": ").append(q(r.serverFigures()));
            p.append(",\n     \"errorsByReason\": {");
            final List<String> errs = new ArrayList<>();
            r.errorsByReason().forEach((k, v) -> errs.add(q(k) + ": " + v));
            p.append(String.join(", ", errs)).append("}}");
            items.add(p.toString());
        }
        sb.append(String.join(",", items)).append("\n  ],\n");
        sb.append("  \"targets\": [");
        final List<String> vs = new ArrayList<>();
        for (final Verdict v : verdicts)
        {
            vs.add("\n    {\"name\": " + q(v.name()) + ", \"measured\": " + q(v.measured()) + ", \"target\": " +
                q(v.target()) + ", \"met\": " + (v.target() == null ? "null" : Boolean.toString(v.met())) + "}");
        }
        sb.append(String.join(",", vs)).append(vs.isEmpty() ? "" : "\n  ").append("],\n");
        sb.append("  \"checks\": ");
        if (checks == null)
        {
            sb.append("null\n");
        }
        else
        {
            sb.append("{\"verifyClean\": ").append(checks.verifyClean())
                .append(", \"verify\": ").append(checks.verifySummary() == null ? "null" : q(checks.verifySummary()));
            final Books.Check b = checks.books();
            if (b != null)
            {
                sb.append(", \"booksBalanced\": ").append(b.balanced())
                    .append(", \"skusChecked\": ").append(b.skusChecked())
                    .append(", \"acknowledgedHeld\": ").append(b.acknowledgedHeld())
                    .append(", \"acknowledgedConfirmed\": ").append(b.acknowledgedConfirmed())
                    .append(", \"unknownOutcome\": ").append(b.unknown())
                    .append(", \"mismatches\": ").append(b.mismatches());
            }
            final List<String> peers = new ArrayList<>();
            checks.peers().forEach(p -> peers.add(q(p)));
            sb.append(", \"peers\": [").append(String.join(", ", peers)).append(']');
            sb.append(", \"passed\": ").append(checks.passed()).append("}\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    /** {@code "count": n, "p50": ..., "max": ...} (milliseconds); false when the histogram is empty. */
    private static boolean jsonPercentiles(final StringBuilder p, final Histogram h)
    {
        p.append("\"count\": ").append(h.getTotalCount());
        if (h.getTotalCount() == 0)
        {
            return false;
        }
        for (final double pc : PERCENTILES)
        {
            p.append(", \"p").append(label(pc)).append("\": ").append(Units.ms(h.getValueAtPercentile(pc)));
        }
        p.append(", \"max\": ").append(Units.ms(h.getMaxValue()));
        return true;
    }

    private static long windowNs(final PhaseResult r)
    {
        return (long)(r.windowS() * 1e9);
    }

    static String num(final double v)
    {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
    }

    static String q(final String s)
    {
        if (s == null)
        {
            return "null";
        }
        final StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
