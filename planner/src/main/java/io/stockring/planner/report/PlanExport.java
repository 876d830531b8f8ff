package io.stockring.planner.report;

import io.stockring.planner.PlanResult;
import io.stockring.planner.policy.ClearanceSuggestion;
import io.stockring.planner.policy.OverstockFinding;
import io.stockring.planner.policy.PurchaseSuggestion;
import io.stockring.planner.policy.TransferSuggestion;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * A run's decisions as files for other systems: {@code purchases.csv}, {@code transfers.csv},
 * {@code overstock.csv} (for a buyer's spreadsheet or an ERP import) and {@code plan.json} (the
 * same, with the summary, for programs).
 */
public final class PlanExport
{
    private PlanExport()
    {
    }

    /** Writes the four files into {@code dir}. */
    public static void write(final PlanResult run, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve("purchases.csv"), StandardCharsets.UTF_8))
        {
            w.write("sku,location,abc_class,urgency,on_hand,in_transit,on_order,reserved,position,reorder_point," +
                "safety_stock,quantity,unit_cost,value,reason\n");
            for (final PurchaseSuggestion p : run.purchases())
            {
                w.write(csv(p.sku(), p.location(), p.abcClass(), p.urgency(), p.onHandUnits(), p.inTransitUnits(),
                    p.onOrderUnits(), p.reservedUnits(), p.positionUnits(), p.reorderPointUnits(), p.safetyStockUnits(),
                    p.quantityUnits(), p.unitCost(), p.value(), p.reason()));
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("transfers.csv"), StandardCharsets.UTF_8))
        {
            w.write("sku,from_location,to_location,quantity,request_id,outcome,reason\n");
            for (final PlanResult.IssuedTransfer t : run.transfers())
            {
                final TransferSuggestion s = t.suggestion();
                w.write(csv(s.sku(), s.fromLocation(), s.toLocation(), s.quantityUnits(), t.requestId(), t.outcome(),
                    s.reason()));
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("overstock.csv"), StandardCharsets.UTF_8))
        {
            w.write("sku,location,category,on_hand,stock_value,days_without_outbound,cover_days,excess_units," +
                "excess_value,severity,clearance\n");
            for (final OverstockFinding o : run.overstock())
            {
                w.write(csv(o.sku(), o.location(), o.category(), o.onHandUnits(), o.stockValue(),
                    o.daysWithoutOutbound(), o.coverDays(), o.excessUnits(), o.excessValue(), o.severity(),
                    String.join(" | ", o.suggestions().stream().map(ClearanceSuggestion::text).toList())));
            }
        }
        Files.writeString(dir.resolve("plan.json"), json(run), StandardCharsets.UTF_8);
    }

    static String json(final PlanResult run)
    {
        final PlanResult.Accuracy a = run.accuracy();
        final StringBuilder j = new StringBuilder(64 * 1024);
        j.append("{\"runId\":").append(str(run.runId())).append(",\"startedAt\":").append(str(run.startedAt().toString()))
            .append(",\"today\":").append(str(run.today().toString())).append(",\"durationSeconds\":")
            .append(num(run.durationSeconds())).append(",\"series\":").append(run.series().size())
            .append(",\"policiesPushed\":").append(run.policiesPushed()).append(",\"accuracy\":{\"mase\":")
            .append(num(a.mase())).append(",\"baselineMase\":").append(num(a.baselineMase())).append(",\"wape\":")
            .append(num(a.wape())).append(",\"baselineWape\":").append(num(a.baselineWape()))
            .append(",\"baselineUsed\":").append(a.baselineUsed()).append("},\"warnings\":").append(strings(run.warnings()))
            .append(",\"purchases\":[");
        final StringJoiner purchases = new StringJoiner(",");
        for (final PurchaseSuggestion p : run.purchases())
        {
            purchases.add("{\"sku\":" + str(p.sku()) + ",\"location\":" + str(p.location()) + ",\"abcClass\":" +
                str(p.abcClass().name()) + ",\"urgency\":" + str(p.urgency().name()) + ",\"position\":" +
                p.positionUnits() + ",\"reorderPoint\":" + p.reorderPointUnits() + ",\"safetyStock\":" +
                p.safetyStockUnits() + ",\"quantity\":" + p.quantityUnits() + ",\"value\":" + num(p.value()) +
                ",\"reason\":" + str(p.reason()) + "}");
        }
        j.append(purchases).append("],\"transfers\":[");
        final StringJoiner transfers = new StringJoiner(",");
        for (final PlanResult.IssuedTransfer t : run.transfers())
        {
            final TransferSuggestion s = t.suggestion();
            transfers.add("{\"sku\":" + str(s.sku()) + ",\"from\":" + str(s.fromLocation()) + ",\"to\":" +
                str(s.toLocation()) + ",\"quantity\":" + s.quantityUnits() + ",\"requestId\":" + str(t.requestId()) +
                ",\"outcome\":" + str(t.outcome()) + ",\"reason\":" + str(s.reason()) + "}");
        }
        j.append(transfers).append("],\"overstock\":[");
        final StringJoiner overstock = new StringJoiner(",");
        for (final OverstockFinding o : run.overstock())
        {
            overstock.add("{\"sku\":" + str(o.sku()) + ",\"location\":" + str(o.location()) + ",\"onHand\":" +
                o.onHandUnits() + ",\"stockValue\":" + num(o.stockValue()) + ",\"daysWithoutOutbound\":" +
                o.daysWithoutOutbound() + ",\"severity\":" + str(o.severity().name()) + ",\"clearance\":" +
                strings(o.suggestions().stream().map(ClearanceSuggestion::text).toList()) + "}");
        }
        return j.append(overstock).append("]}\n").toString();
    }

    private static String csv(final Object... fields)
    {
        final StringJoiner line = new StringJoiner(",", "", "\n");
        for (final Object f : fields)
        {
            final String s = f instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(f);
            line.add(s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
        }
        return line.toString();
    }

    private static String strings(final List<String> values)
    {
        final StringJoiner out = new StringJoiner(",", "[", "]");
        values.forEach(v -> out.add(str(v)));
        return out.toString();
    }

    private static String str(final String s)
    {
        final StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String num(final double v)
    {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }
}
