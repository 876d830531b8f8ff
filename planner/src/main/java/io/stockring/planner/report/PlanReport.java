package io.stockring.planner.report;

import io.stockring.planner.LedgerGateway;
import io.stockring.planner.PlanResult;
import io.stockring.planner.Planner;
import io.stockring.planner.SeriesPlan;
import io.stockring.planner.forecast.CalendarEvent;
import io.stockring.planner.forecast.DemandSeries;
import io.stockring.planner.forecast.Forecast;
import io.stockring.planner.forecast.ForecastResult;
import io.stockring.planner.history.HistoryStore;
import io.stockring.planner.policy.ClearanceSuggestion;
import io.stockring.planner.policy.KpiReport;
import io.stockring.planner.policy.OverstockFinding;
import io.stockring.planner.policy.PurchaseSuggestion;
import io.stockring.planner.policy.StockPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The planning run as one self-contained HTML page (inline SVG, no scripts, no network): the
 * summary, accuracy against the baseline, KPIs, purchase and transfer suggestions, overstock,
 * and for the items that matter most a demand plot (history, forecast, interval, events) and a
 * stock projection against safety stock and reorder point. For people who would rather look.
 */
public final class PlanReport
{
    /** Series plotted: the largest by demand, so the page stays readable. */
    public static final int PLOTTED_SERIES = 12;
    private static final int HISTORY_SHOWN_DAYS = 120;
    private static final int TABLE_ROWS = 200;
    private static final int WIDTH = 760;
    private static final int HEIGHT = 200;
    private static final int PAD = 36;

    private PlanReport()
    {
    }

    /** Writes {@code dir/index.html} (and the exports of {@link PlanExport}) and returns the page's path. */
    public static Path write(final PlanResult run, final Planner planner, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final StringBuilder h = new StringBuilder(256 * 1024);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>stockring plan ")
            .append(esc(run.runId())).append("</title><style>")
            .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;")
            .append("margin:8px 0 24px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
            .append("th{background:#f3f3f3}td.l,th.l{text-align:left}h2{margin-top:32px}.warn{color:#a50}")
            .append(".item{display:inline-block;vertical-align:top;margin:0 16px 24px 0}")
            .append("</style></head><body>");
        h.append("<h1>stockring planning run ").append(esc(run.runId())).append("</h1>");
        h.append("<p>Planned for ").append(run.today()).append(", started ").append(run.startedAt())
            .append(", took ").append(fmt(run.durationSeconds())).append(" s. ").append(run.series().size())
            .append(" series, ").append(run.policiesPushed()).append(" policies pushed to the ledger.</p>");
        for (final String w : run.warnings())
        {
            h.append("<p class=\"warn\">").append(esc(w)).append("</p>");
        }
        accuracy(h, run.accuracy());
        kpis(h, run.programmeKpis());
        purchases(h, run.purchases());
        transfers(h, run.transfers());
        overstock(h, run.overstock());
        plots(h, run, planner);
        h.append("<p>The same decisions as files: <a href=\"purchases.csv\">purchases.csv</a>, ")
            .append("<a href=\"transfers.csv\">transfers.csv</a>, <a href=\"overstock.csv\">overstock.csv</a>, ")
            .append("<a href=\"plan.json\">plan.json</a>.</p></body></html>\n");
        final Path file = dir.resolve("index.html");
        Files.writeString(file, h, StandardCharsets.UTF_8);
        PlanExport.write(run, dir);
        return file;
    }

    private static void accuracy(final StringBuilder h, final PlanResult.Accuracy a)
    {
        h.append("<h2>Forecast accuracy (rolling-origin backtest)</h2><table><tr><th class=\"l\"></th><th>MASE</th>")
            .append("<th>WAPE</th></tr><tr><td class=\"l\">stockring's choice per series</td><td>").append(fmt(a.mase()))
            .append("</td><td>").append(pct(a.wape())).append("</td></tr><tr><td class=\"l\">seasonal naive (same windows)")
            .append("</td><td>").append(fmt(a.baselineMase())).append("</td><td>").append(pct(a.baselineWape()))
            .append("</td></tr></table><p>").append(a.series()).append(" series scored; the baseline was better and ")
            .append("was used for ").append(a.baselineUsed()).append(".</p>");
    }

    private static void kpis(final StringBuilder h, final KpiReport k)
    {
        if (k == null)
        {
            return;
        }
        h.append("<h2>Programme KPIs (last ").append((long)k.windowDays()).append(" days)</h2><table><tr>")
            .append("<th>outbound</th><th>average stock</th><th>turnover / year</th><th>stockout rate</th>")
            .append("<th>overstock rate (units)</th><th>overstock rate (value)</th><th class=\"l\">flags</th></tr><tr><td>")
            .append(k.outboundUnits()).append("</td><td>").append(fmt(k.averageStockUnits())).append("</td><td>")
            .append(fmt(k.annualTurnover())).append("</td><td>").append(pct(k.stockoutRate())).append("</td><td>")
            .append(pct(k.overstockRateUnits())).append("</td><td>").append(pct(k.overstockRateValue()))
            .append("</td><td class=\"l\">").append(esc(k.flags().toString())).append("</td></tr></table>");
    }

    private static void purchases(final StringBuilder h, final List<PurchaseSuggestion> list)
    {
        h.append("<h2>Purchase suggestions (").append(list.size()).append(")</h2><table><tr><th class=\"l\">sku</th>")
            .append("<th>class</th><th class=\"l\">urgency</th><th>position</th><th>reorder point</th>")
            .append("<th>safety stock</th><th>quantity</th><th>value</th><th class=\"l\">why</th></tr>");
        list.stream().limit(TABLE_ROWS).forEach(p -> h.append("<tr><td class=\"l\">").append(esc(p.sku()))
            .append("</td><td>").append(p.abcClass()).append("</td><td class=\"l\">").append(p.urgency())
            .append("</td><td>").append(p.positionUnits()).append("</td><td>").append(p.reorderPointUnits())
            .append("</td><td>").append(p.safetyStockUnits()).append("</td><td>").append(p.quantityUnits())
            .append("</td><td>").append(fmt(p.value())).append("</td><td class=\"l\">").append(esc(p.reason()))
            .append("</td></tr>"));
        h.append("</table>");
    }

    private static void transfers(final StringBuilder h, final List<PlanResult.IssuedTransfer> list)
    {
        h.append("<h2>Transfer suggestions (").append(list.size()).append(")</h2><table><tr><th class=\"l\">sku</th>")
            .append("<th class=\"l\">from</th><th class=\"l\">to</th><th>quantity</th><th class=\"l\">issued</th>")
            .append("<th class=\"l\">why</th></tr>");
        list.stream().limit(TABLE_ROWS).forEach(t -> h.append("<tr><td class=\"l\">").append(esc(t.suggestion().sku()))
            .append("</td><td class=\"l\">").append(esc(t.suggestion().fromLocation())).append("</td><td class=\"l\">")
            .append(esc(t.suggestion().toLocation())).append("</td><td>").append(t.suggestion().quantityUnits())
            .append("</td><td class=\"l\">").append(t.requestId().isEmpty() ? "suggested" :
                esc(t.requestId() + " " + t.outcome())).append("</td><td class=\"l\">")
            .append(esc(t.suggestion().reason())).append("</td></tr>"));
        h.append("</table>");
    }

    private static void overstock(final StringBuilder h, final List<OverstockFinding> list)
    {
        h.append("<h2>Overstock (").append(list.size()).append(")</h2><table><tr><th class=\"l\">sku</th>")
            .append("<th class=\"l\">location</th><th>on hand</th><th>value at stake</th><th>days idle</th>")
            .append("<th>cover (days)</th><th class=\"l\">severity</th><th class=\"l\">clearance</th></tr>");
        list.stream().limit(TABLE_ROWS).forEach(o ->
        {
            h.append("<tr><td class=\"l\">").append(esc(o.sku())).append("</td><td class=\"l\">").append(esc(o.location()))
                .append("</td><td>").append(o.onHandUnits()).append("</td><td>").append(fmt(o.stockValue()))
                .append("</td><td>").append(o.daysWithoutOutbound()).append("</td><td>").append(fmt(o.coverDays()))
                .append("</td><td class=\"l\">").append(o.severity()).append("</td><td class=\"l\">");
            for (final ClearanceSuggestion c : o.suggestions())
            {
                h.append(esc(c.text())).append("<br>");
            }
            h.append("</td></tr>");
        });
        h.append("</table>");
    }

    private static void plots(final StringBuilder h, final PlanResult run, final Planner planner)
    {
        h.append("<h2>Items that matter most</h2>");
        final Map<String, LedgerGateway.Level> levels = planner.levelsNow();
        final List<SeriesPlan> top = run.series().values().stream()
            .sorted(Comparator.comparingDouble(SeriesPlan::demandLastYearUnits).reversed()
                .thenComparing(SeriesPlan::sku).thenComparing(SeriesPlan::location))
            .limit(PLOTTED_SERIES).toList();
        for (final SeriesPlan p : top)
        {
            final Optional<DemandSeries> past = planner.history(p.sku(), p.location());
            final Optional<ForecastResult> f = planner.forecast(p.sku(), p.location());
            if (past.isEmpty() || f.isEmpty())
            {
                continue;
            }
            final LedgerGateway.Level level = levels.get(HistoryStore.seriesKey(p.sku(), p.location()));
            h.append("<div class=\"item\"><h3>").append(esc(p.sku())).append(" @ ").append(esc(p.location()))
                .append("</h3><p>").append(p.pattern()).append(", method ").append(esc(f.get().method()))
                .append(p.baselineChosen() ? " (baseline was better)" : "").append(", class ")
                .append(p.policy() == null ? "-" : p.policy().abcClass()).append("</p>");
            demandPlot(h, past.get(), f.get().forecast(), planner.eventsFor(p.sku(), p.location()));
            if (level != null && p.policy() != null)
            {
                stockPlot(h, level.available(), f.get().forecast(), p.policy());
            }
            h.append("</div>");
        }
    }

    /** Last {@link #HISTORY_SHOWN_DAYS} of history in grey, the forecast in blue inside its interval. */
    private static void demandPlot(final StringBuilder h, final DemandSeries past, final Forecast f,
        final List<CalendarEvent> events)
    {
        final double[] demand = past.demand();
        final int shown = Math.min(HISTORY_SHOWN_DAYS, demand.length);
        final int days = shown + f.mean().length;
        double max = 1;
        for (int i = demand.length - shown; i < demand.length; i++)
        {
            max = Math.max(max, demand[i]);
        }
        for (final double u : f.upper())
        {
            max = Math.max(max, u);
        }
        final LocalDate first = past.start().plusDays(demand.length - shown);
        final Scale s = new Scale(days, max);
        svgOpen(h, "daily demand: history (grey), forecast (blue), " + Math.round(f.intervalLevel() * 100) +
            "% interval, events (orange)");
        for (final CalendarEvent e : events)
        {
            final long a = java.time.temporal.ChronoUnit.DAYS.between(first, e.first());
            final long b = java.time.temporal.ChronoUnit.DAYS.between(first, e.last()) + 1;
            if (b > 0 && a < days)
            {
                final double x0 = s.x(Math.max(0, a));
                h.append("<rect x=\"").append(fmt(x0)).append("\" y=\"").append(PAD).append("\" width=\"")
                    .append(fmt(s.x(Math.min(days, b)) - x0)).append("\" height=\"").append(HEIGHT - 2 * PAD)
                    .append("\" fill=\"#f90\" opacity=\"0.2\"><title>").append(esc(e.name())).append("</title></rect>");
            }
        }
        final StringBuilder band = new StringBuilder();
        for (int i = 0; i < f.mean().length; i++)
        {
            band.append(fmt(s.x(shown + i))).append(',').append(fmt(s.y(f.upper()[i]))).append(' ');
        }
        for (int i = f.mean().length - 1; i >= 0; i--)
        {
            band.append(fmt(s.x(shown + i))).append(',').append(fmt(s.y(f.lower()[i]))).append(' ');
        }
        h.append("<polygon points=\"").append(band).append("\" fill=\"#69c\" opacity=\"0.25\"/>");
        polyline(h, s, demand, demand.length - shown, shown, 0, "#888");
        polyline(h, s, f.mean(), 0, f.mean().length, shown, "#1f5fbf");
        axes(h, s, max, first.toString(), first.plusDays(days - 1).toString());
        h.append("</svg>");
    }

    /** Available stock if nothing is received, drawn down by the forecast, against SS and ROP. */
    private static void stockPlot(final StringBuilder h, final long available, final Forecast f,
        final StockPolicy policy)
    {
        final double[] projected = new double[f.mean().length + 1];
        projected[0] = available;
        for (int i = 0; i < f.mean().length; i++)
        {
            projected[i + 1] = Math.max(0, projected[i] - f.mean()[i]);
        }
        final double max = Math.max(1, Math.max(available, policy.reorderPointUnits()) * 1.1);
        final Scale s = new Scale(projected.length, max);
        svgOpen(h, "stock projection (green) against reorder point (orange) and safety stock (red)");
        line(h, s, policy.reorderPointUnits(), "#f90");
        line(h, s, policy.safetyStockUnits(), "#c00");
        polyline(h, s, projected, 0, projected.length, 0, "#2a2");
        axes(h, s, max, "today", "+" + f.mean().length + " days");
        h.append("</svg>");
    }

    private record Scale(int days, double max)
    {
        double x(final double day)
        {
            return PAD + day * (WIDTH - 2.0 * PAD) / Math.max(1, days - 1);
        }

        double y(final double value)
        {
            return HEIGHT - PAD - value * (HEIGHT - 2.0 * PAD) / max;
        }
    }

    private static void svgOpen(final StringBuilder h, final String title)
    {
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" role=\"img\"><title>").append(esc(title)).append("</title>")
            .append("<text x=\"").append(PAD).append("\" y=\"16\" font-size=\"12\">").append(esc(title)).append("</text>");
    }

    private static void polyline(final StringBuilder h, final Scale s, final double[] values, final int from,
        final int count, final int xOffset, final String colour)
    {
        h.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"");
        for (int i = 0; i < count; i++)
        {
            h.append(fmt(s.x(xOffset + i))).append(',').append(fmt(s.y(values[from + i]))).append(' ');
        }
        h.append("\"/>");
    }

    private static void line(final StringBuilder h, final Scale s, final double value, final String colour)
    {
        h.append("<line x1=\"").append(PAD).append("\" x2=\"").append(WIDTH - PAD).append("\" y1=\"")
            .append(fmt(s.y(value))).append("\" y2=\"").append(fmt(s.y(value))).append("\" stroke=\"").append(colour)
            .append("\" stroke-dasharray=\"5,4\"/>");
    }

    private static void axes(final StringBuilder h, final Scale s, final double max, final String left,
        final String right)
    {
        h.append("<line x1=\"").append(PAD).append("\" x2=\"").append(WIDTH - PAD).append("\" y1=\"")
            .append(HEIGHT - PAD).append("\" y2=\"").append(HEIGHT - PAD).append("\" stroke=\"#444\"/>")
            .append("<text x=\"2\" y=\"").append(PAD + 4).append("\" font-size=\"11\">").append(fmt(max)).append("</text>")
            .append("<text x=\"2\" y=\"").append(HEIGHT - PAD).append("\" font-size=\"11\">0</text>")
            .append("<text x=\"").append(PAD).append("\" y=\"").append(HEIGHT - PAD + 16).append("\" font-size=\"11\">")
            .append(esc(left)).append("</text><text x=\"").append(WIDTH - PAD - 80).append("\" y=\"")
            .append(HEIGHT - PAD + 16).append("\" font-size=\"11\">").append(esc(right)).append("</text>");
    }

    private static String fmt(final double v)
    {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "-";
    }

    private static String pct(final double v)
    {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", v * 100) : "-";
    }

    static String esc(final String s)
    {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
