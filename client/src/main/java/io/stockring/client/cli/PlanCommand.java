package io.stockring.client.cli;

import io.stockring.client.StockringClient;
import io.stockring.proto.v1.ImportCsvRequest;
import io.stockring.proto.v1.ImportCsvResult;
import io.stockring.proto.v1.KpiRequest;
import io.stockring.proto.v1.KpiView;
import io.stockring.proto.v1.ListSuggestionsRequest;
import io.stockring.proto.v1.PlanRunSummary;
import io.stockring.proto.v1.PlanningGrpc;
import io.stockring.proto.v1.PurchaseSuggestion;
import io.stockring.proto.v1.RunNowRequest;
import io.stockring.proto.v1.TransferSuggestion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./stockring plan}: imports the planner's inputs (CSV files the server can read), runs
 * the planner on the server now, prints what it decided and optionally writes the HTML report.
 * The planner runs inside the server because it owns the history store and reaches the ledger
 * only through the ring; this command only asks.
 */
@Command(name = "plan", description = "Import planner inputs, run the planner now, print its decisions.")
final class PlanCommand extends Cli.Sub
{
    private static final long RUN_DEADLINE_MINUTES = 10;

    @Option(names = "--import-items", paramLabel = "FILE", description = "Item master CSV (sku,unit_cost,lead_time_days,...).")
    Path items;

    @Option(names = "--import-calendar", paramLabel = "FILE", description = "Event calendar CSV (name,kind,first_day,last_day,...).")
    Path calendar;

    @Option(names = "--import-expiry", paramLabel = "FILE", description = "Points expiry CSV (date,points_band,points).")
    Path expiry;

    @Option(names = "--import-history", paramLabel = "FILE", description = "Demand history CSV (date,sku,location,quantity).")
    Path history;

    @Option(names = "--strict", description = "Refuse a whole file if any row is bad (default: skip bad rows).")
    boolean strict;

    @Option(names = "--no-run", description = "Only import.")
    boolean noRun;

    @Option(names = "--dry-run", description = "Decide and report, but push nothing to the ledger.")
    boolean dryRun;

    @Option(names = "--report", paramLabel = "DIR", description = "Write the HTML report into DIR (on the server's machine).")
    Path report;

    @Option(names = "--limit", defaultValue = "20", description = "Suggestions printed per list (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(final StockringClient client) throws Exception
    {
        final PlanningGrpc.PlanningBlockingStub planning = PlanningGrpc.newBlockingStub(client.channel());
        final PrintWriter out = out();
        int exit = 0;
        exit |= importFile(planning, ImportCsvRequest.Kind.KIND_ITEMS, items, out);
        exit |= importFile(planning, ImportCsvRequest.Kind.KIND_CALENDAR, calendar, out);
        exit |= importFile(planning, ImportCsvRequest.Kind.KIND_EXPIRY, expiry, out);
        exit |= importFile(planning, ImportCsvRequest.Kind.KIND_HISTORY, history, out);
        if (noRun)
        {
            return exit;
        }
        final PlanRunSummary r = planning.withDeadlineAfter(RUN_DEADLINE_MINUTES, TimeUnit.MINUTES)
            .runNow(RunNowRequest.newBuilder().setDryRun(dryRun)
                .setReportDir(report == null ? "" : report.toAbsolutePath().toString()).build());
        out.printf(Locale.ROOT, "run %s: %d series in %.1f s, %d policies pushed%s%n", r.getRunId(), r.getSeries(),
            r.getDurationSeconds(), r.getPoliciesPushed(), dryRun ? " (dry run)" : "");
        if (Double.isFinite(r.getMase()))
        {
            out.printf(Locale.ROOT, "backtest: MASE %.3f (seasonal naive %.3f), WAPE %.1f%% (%.1f%%); baseline kept " +
                "for %d series%n", r.getMase(), r.getBaselineMase(), r.getWape() * 100, r.getBaselineWape() * 100,
                r.getBaselineChosen());
        }
        else
        {
            out.println("backtest: no series has enough history to backtest yet");
        }
        r.getWarningsList().forEach(w -> out.println("warning: " + w));
        final ListSuggestionsRequest list = ListSuggestionsRequest.newBuilder().setLimit(limit).build();
        out.printf(Locale.ROOT, "purchases (%d):%n", r.getPurchaseSuggestions());
        for (final PurchaseSuggestion p : planning.listPurchaseSuggestions(list).getSuggestionsList())
        {
            out.printf(Locale.ROOT, "  %-8s %s %-12s buy %d (position %d, reorder point %d, value %.2f)%n",
                p.getUrgency(), p.getAbcClass(), p.getSku(), p.getQuantity(), p.getInventoryPosition(),
                p.getReorderPoint(), p.getValue());
        }
        out.printf(Locale.ROOT, "transfers (%d, %d issued):%n", r.getTransferSuggestions(), r.getTransfersIssued());
        for (final TransferSuggestion t : planning.listTransferSuggestions(list).getSuggestionsList())
        {
            out.printf(Locale.ROOT, "  %-12s %d %s -> %s%s%n", t.getSku(), t.getQuantity(), t.getFromLocation(),
                t.getToLocation(), t.getRequestId().isEmpty() ? "" : " (issued " + t.getRequestId() + ")");
        }
        out.printf(Locale.ROOT, "overstock: %d entries%n", r.getOverstockItems());
        final KpiView k = planning.getKpis(KpiRequest.getDefaultInstance());
        out.printf(Locale.ROOT, "KPIs (365 days): turnover %.2f/year, stockout rate %.1f%%, overstock rate %.1f%% %s%n",
            k.getAnnualTurnover(), k.getStockoutRate() * 100, k.getOverstockRate() * 100, k.getFlagsList());
        if (!r.getReportPath().isEmpty())
        {
            out.println("report: " + r.getReportPath());
        }
        return exit;
    }

    private int importFile(final PlanningGrpc.PlanningBlockingStub planning, final ImportCsvRequest.Kind kind,
        final Path file, final PrintWriter out)
    {
        if (file == null)
        {
            return 0;
        }
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException(file + ": no such file");
        }
        final ImportCsvResult r = planning.withDeadlineAfter(RUN_DEADLINE_MINUTES, TimeUnit.MINUTES).importCsv(
            ImportCsvRequest.newBuilder().setKind(kind).setPath(file.toAbsolutePath().toString()).setStrict(strict)
                .build());
        out.printf(Locale.ROOT, "%s: %s %d of %d rows, %d skipped%n", file, r.getRefused() ? "REFUSED, stored" :
            "stored", r.getRowsStored(), r.getRowsRead(), r.getRowsSkipped());
        r.getProblemsList().forEach(p -> out.println("  " + p));
        return r.getRefused() || r.getRowsSkipped() > 0 ? 1 : 0;
    }
}
