package io.stockring.bench.load;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

/**
 * The run as one self-contained HTML page (inline SVG, no scripts, nothing fetched): per phase,
 * latency over time (p50, p99, max of every second) and the percentile distribution on
 * HdrHistogram's usual axis, where 90 %, 99 %, 99.9 % ... are evenly spaced.
 */
final class HtmlReport
{
    private static final int W = 560;
    private static final int H = 240;
    private static final int PAD = 44;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#555555"};
    /** Percentiles plotted, up to 99.999. */
    private static final double[] PLOT_PERCENTILES = {0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999};

    private HtmlReport()
    {
    }

    static String html(final Report.Context ctx, final List<PhaseResult> phases, final String text)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>stockring load ")
            .append(esc(ctx.runId())).append("</title>\n<style>")
            .append("body{font-family:sans-serif;margin:2em;max-width:1200px}")
            .append("pre{background:#f6f6f6;padding:1em;overflow-x:auto}svg{background:#fff;border:1px solid #ddd;")
            .append("margin:0 1em 1em 0}h2{margin-top:2em}.k{font-size:12px}</style></head><body>\n");
        sb.append("<h1>stockring load run ").append(esc(ctx.runId())).append("</h1>\n<p>durability <b>")
            .append(esc(ctx.durability())).append("</b>, target ").append(esc(ctx.target())).append(" (")
            .append(esc(ctx.server())).append("), ").append(ctx.cpus()).append(" CPUs</p>\n");
        for (final PhaseResult r : phases)
        {
            sb.append("<h2>").append(esc(r.spec().name())).append("</h2>\n<p>").append(esc(r.spec().scenario()
                .cliName())).append(", ").append(esc(r.spec().transport())).append(", ")
                .append(esc(r.spec().loopDescription())).append(": <b>").append(Units.count(r.okPerS()))
                .append(" ok/s</b>, ").append(esc(Report.percentiles(r.latency()))).append("</p>\n");
            sb.append(timeline(r.timeline())).append(percentilePlot(r.latency())).append('\n');
        }
        sb.append("<h2>Report</h2>\n<pre>").append(esc(text)).append("</pre>\n</body></html>\n");
        return sb.toString();
    }

    static String timeline(final List<long[]> points)
    {
        if (points.isEmpty())
        {
            return "<p>no samples</p>";
        }
        final long t0 = points.get(0)[0] - 1_000;
        final double maxX = Math.max(1, (points.get(points.size() - 1)[0] - t0) / 1000.0);
        double maxY = 0;
        for (final long[] p : points)
        {
            maxY = Math.max(maxY, p[4] / 1e6);
        }
        maxY = niceCeil(maxY);
        final StringBuilder sb = svgOpen("latency over time (ms; x: seconds into the window)", maxX, maxY);
        final String[] names = {"p50", "p99", "max"};
        for (int s = 0; s < 3; s++)
        {
            sb.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(COLOURS[s]).append("\" " +
                "points=\"");
            for (final long[] p : points)
            {
                sb.append(fmt(x((p[0] - t0) / 1000.0, maxX))).append(',').append(fmt(y(p[2
                    + s] / 1e6, maxY))).append(' ');
            }
            sb.append("\"/>");
            legend(sb, s, names[s]);
        }
        return sb.append("</svg>").toString();
    }

    static String percentilePlot(final Histogram h)
    {
        if (h == null || h.getTotalCount() == 0)
        {
            return "<p>no samples</p>";
        }
        final double maxX = 5;
        final double maxY = niceCeil(h.getMaxValue() / 1e6);
        final StringBuilder sb = svgOpen("latency by percentile (ms; x: 0, 90, 99, 99.9, 99.99, 99.999 %)", maxX, maxY);
        sb.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(COLOURS[0]).append("\" points=\"");
        for (final double p : PLOT_PERCENTILES)
        {
            sb.append(fmt(x(percentileX(p), maxX))).append(',').append(fmt(y(h.getValueAtPercentile(p) / 1e6, maxY)))
                .append(' ');
        }
        sb.append(fmt(x(maxX, maxX))).append(',').append(fmt(y(h.getMaxValue() / 1e6, maxY))).append("\"/>");
        return sb.append("</svg>").toString();
    }

    /** HdrHistogram's percentile axis: log10(1 / (1 - p)), so 90 % is 1, 99 % is 2, 99.9 % is 3. */
    static double percentileX(final double percentile)
    {
        final double rest = 1 - percentile / 100;
        return rest <= 1e-5 ? 5 : Math.log10(1 / rest);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    static double niceCeil(final double v)
    {
        if (!(v > 0))
        {
            return 1;
        }
        final double pow = Math.pow(10, Math.floor(Math.log10(v)));
        for (final double m : new double[] {1, 2, 5, 10})
        {
            if (m * pow >= v)
            {
                return m * pow;
            }
        }
        return 10 * pow;
    }

    private static StringBuilder svgOpen(final String title, final double maxX, final double maxY)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
            .append("\" class=\"k\"><text x=\"").append(PAD).append("\" y=\"14\">").append(esc(title))
            .append("</text>");
        sb.append("<line x1=\"").append(PAD).append("\" y1=\"").append(H - PAD).append("\" x2=\"").append(W - 10)
            .append("\" y2=\"").append(H - PAD).append("\" stroke=\"#000\"/><line x1=\"").append(PAD).append("\" " +
                "y1=\"24\" x2=\"")
            .append(PAD).append("\" y2=\"").append(H - PAD).append("\" stroke=\"#000\"/>");
        for (int i = 0; i <= 4; i++)
        {
            final double v = maxY * i / 4;
            sb.append("<text x=\"2\" y=\"").append(fmt(y(v, maxY) + 4)).append("\">")
                .append(String.format(Locale.ROOT, "%.3g", v)).append("</text>");
            final double xv = maxX * i / 4;
            sb.append("<text x=\"").append(fmt(x(xv, maxX) - 8)).append("\" y=\"").append(H - PAD + 16).append("\">")
                .append(String.format(Locale.ROOT, "%.3g", xv)).append("</text>");
        }
        return sb;
    }

    private static void legend(final StringBuilder sb, final int s, final String name)
    {
        sb.append("<text x=\"").append(W - 60).append("\" y=\"").append(30 + 14 * s).append("\" fill=\"")
            .append(COLOURS[s]).append("\">").append(name).append("</text>");
    }

    private static double x(final double v, final double maxX)
    {
        return PAD + (W - PAD - 10) * v / maxX;
    }

    private static double y(final double v, final double maxY)
    {
        return (H - PAD) - (H - PAD - 24) * Math.min(v, maxY) / maxY;
    }

    private static String fmt(final double v)
    {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
