package io.stockring.server.planning;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import io.stockring.planner.PlanResult;
import io.stockring.planner.Planner;
import io.stockring.planner.SeriesPlan;
import io.stockring.planner.forecast.BacktestResult;
import io.stockring.planner.forecast.ForecastResult;
import io.stockring.planner.history.HistoryStore;
import io.stockring.planner.history.ImportReport;
import io.stockring.planner.policy.Allocation;
import io.stockring.planner.policy.KpiReport;
import io.stockring.planner.policy.StockPolicy;
import io.stockring.planner.report.PlanReport;
import io.stockring.proto.v1.AllocationRequest;
import io.stockring.proto.v1.AllocationView;
import io.stockring.proto.v1.ForecastView;
import io.stockring.proto.v1.ImportCsvRequest;
import io.stockring.proto.v1.ImportCsvResult;
import io.stockring.proto.v1.KpiRequest;
import io.stockring.proto.v1.KpiView;
import io.stockring.proto.v1.ListSuggestionsRequest;
import io.stockring.proto.v1.PlanRunSummary;
import io.stockring.proto.v1.PlanningGrpc;
import io.stockring.proto.v1.PolicyView;
import io.stockring.proto.v1.PurchaseSuggestion;
import io.stockring.proto.v1.PurchaseSuggestions;
import io.stockring.proto.v1.RunNowRequest;
import io.stockring.proto.v1.SeriesRequest;
import io.stockring.proto.v1.TransferSuggestion;
import io.stockring.proto.v1.TransferSuggestions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code stockring.v1.Planning}: reads the latest planning run, starts one, imports CSV. Slow
 * work (a run, an import) happens on the planner's own threads or the calling gRPC thread,
 * never on the engine's.
 */
public final class PlanningService extends PlanningGrpc.PlanningImplBase
{
    private static final Logger LOG = LoggerFactory.getLogger(PlanningService.class);
    private static final int DEFAULT_LIMIT = 1000;

    private final PlannerRuntime runtime;
    private final Path filesDir;
    private final boolean authEnabled;

    /**
     * @param filesDir    imports are read and reports written only under this directory; null:
     *                    anywhere the server may, which is allowed only without authentication
     *                    (an authenticated caller must not read or write the server's other files)
     * @param authEnabled whether callers are authenticated
     */
    public PlanningService(final PlannerRuntime runtime, final Path filesDir, final boolean authEnabled)
    {
        this.runtime = runtime;
        this.filesDir = filesDir == null ? null : filesDir.toAbsolutePath().normalize();
        this.authEnabled = authEnabled;
    }

    /** The path a caller named, if it may be used; else the status to answer with. */
    private Path confined(final String field, final String path) throws StatusException
    {
        if (filesDir == null)
        {
            if (authEnabled)
            {
                throw Status.FAILED_PRECONDITION.withDescription(field + ": file imports and reports are off while " +
                    "authentication is on and planner.files.dir is not set").asException();
            }
            return Path.of(path);
        }
        final Path p = filesDir.resolve(path).toAbsolutePath().normalize();
        boolean inside = p.startsWith(filesDir);
        try
        {
            // Symbolic links must not lead out either.
            final Path real = Files.exists(p) ? p.toRealPath() : p.getParent() != null && Files.exists(p.getParent()) ?
                p.getParent().toRealPath().resolve(p.getFileName()) : p;
            inside &= !Files.exists(filesDir) || real.startsWith(filesDir.toRealPath());
        }
        catch (final IOException e)
        {
            inside = false;
        }
        if (!inside)
        {
            throw Status.PERMISSION_DENIED.withDescription(field + " must be inside planner.files.dir (" + filesDir +
                "), not " + path).asException();
        }
        return p;
    }

    @Override
    public void runNow(final RunNowRequest request, final StreamObserver<PlanRunSummary> response)
    {
        try
        {
            final Path reportDir = request.getReportDir().isEmpty() ? null : confined("report_dir",
                request.getReportDir());
            final PlanResult r = runtime.runNow(request.getDryRun() ? Planner.Mode.DRY_RUN : Planner.Mode.APPLY);
            String reportPath = "";
            if (reportDir != null)
            {
                reportPath = PlanReport.write(r, runtime.planner(), reportDir).toString();
            }
            response.onNext(summary(r, reportPath));
            response.onCompleted();
        }
        catch (final StatusException e)
        {
            response.onError(e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            response.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
        }
        catch (final Exception e)
        {
            LOG.error("event=planner_run_now_failed error=\"{}\"", e.getMessage(), e);
            response.onError(Status.INTERNAL.withDescription("planning run failed: " + e.getMessage())
                .asRuntimeException());
        }
    }

    static PlanRunSummary summary(final PlanResult r, final String reportPath)
    {
        final long issued = r.transfers().stream().filter(t -> "OK".equals(t.outcome())).count();
        final PlanResult.Accuracy a = r.accuracy();
        return PlanRunSummary.newBuilder()
            .setRunId(r.runId())
            .setStartedAt(Timestamp.newBuilder().setSeconds(r.startedAt().getEpochSecond())
                .setNanos(r.startedAt().getNano()))
            .setDurationSeconds(r.durationSeconds())
            .setSeries(r.series().size())
            .setPoliciesPushed(r.policiesPushed())
            .setPurchaseSuggestions(r.purchases().size())
            .setTransferSuggestions(r.transfers().size())
            .setTransfersIssued(issued)
            .setOverstockItems(r.overstock().size())
            .setMase(a.mase())
            .setBaselineMase(a.baselineMase())
            .setWape(a.wape())
            .setBaselineWape(a.baselineWape())
            .setBaselineChosen(a.baselineUsed())
            .addAllWarnings(r.warnings())
            .setReportPath(reportPath)
            .build();
    }

    @Override
    public void listPurchaseSuggestions(final ListSuggestionsRequest request,
        final StreamObserver<PurchaseSuggestions> response)
    {
        final PlanResult r = runtime.planner().latest();
        final PurchaseSuggestions.Builder out = PurchaseSuggestions.newBuilder().setRunId(r.runId());
        final int limit = request.getLimit() == 0 ? DEFAULT_LIMIT : request.getLimit();
        for (final io.stockring.planner.policy.PurchaseSuggestion p : r.purchases())
        {
            if (out.getSuggestionsCount() >= limit)
            {
                break;
            }
            if (matches(request.getSku(), p.sku()) && matches(request.getLocation(), p.location()))
            {
                out.addSuggestions(PurchaseSuggestion.newBuilder().setSku(p.sku()).setLocation(p.location())
                    .setAbcClass(p.abcClass().name()).setOnHand(p.onHandUnits()).setInTransit(p.inTransitUnits())
                    .setOnOrder(p.onOrderUnits()).setReserved(p.reservedUnits())
                    .setInventoryPosition(p.positionUnits()).setReorderPoint(p.reorderPointUnits())
                    .setSafetyStock(p.safetyStockUnits()).setQuantity(p.quantityUnits()).setValue(p.value())
                    .setUrgency(p.urgency().name()).setReason(p.reason()));
            }
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void listTransferSuggestions(final ListSuggestionsRequest request,
        final StreamObserver<TransferSuggestions> response)
    {
        final PlanResult r = runtime.planner().latest();
        final TransferSuggestions.Builder out = TransferSuggestions.newBuilder().setRunId(r.runId());
        final int limit = request.getLimit() == 0 ? DEFAULT_LIMIT : request.getLimit();
        for (final PlanResult.IssuedTransfer t : r.transfers())
        {
            if (out.getSuggestionsCount() >= limit)
            {
                break;
            }
            final io.stockring.planner.policy.TransferSuggestion s = t.suggestion();
            if (matches(request.getSku(), s.sku()) && (matches(request.getLocation(), s.toLocation()) ||
                matches(request.getLocation(), s.fromLocation())))
            {
                out.addSuggestions(TransferSuggestion.newBuilder().setSku(s.sku()).setFromLocation(s.fromLocation())
                    .setToLocation(s.toLocation()).setQuantity(s.quantityUnits()).setReason(s.reason())
                    .setRequestId("OK".equals(t.outcome()) ? t.requestId() : ""));
            }
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void getForecast(final SeriesRequest request, final StreamObserver<ForecastView> response)
    {
        if (!validSeries(request, response))
        {
            return;
        }
        final ForecastResult f = runtime.planner().forecast(request.getSku(), request.getLocation()).orElse(null);
        if (f == null)
        {
            response.onError(Status.NOT_FOUND.withDescription("no demand history for sku '" + request.getSku() +
                "' at location '" + request.getLocation() + "'").asRuntimeException());
            return;
        }
        final ForecastView.Builder out = ForecastView.newBuilder().setSku(request.getSku())
            .setLocation(request.getLocation()).setPattern(f.profile().pattern().name()).setMethod(f.method())
            .setFirstDay(f.forecast().start().toString()).setIntervalLevel(f.forecast().intervalLevel());
        if (f.backtest().available())
        {
            final BacktestResult chosen = f.baselineUsed() ? f.backtest().baseline() : f.backtest().method();
            final BacktestResult baseline = f.backtest().baseline();
            out.setMase(chosen.mase()).setBaselineMase(baseline.mase()).setWape(chosen.wape())
                .setBaselineWape(baseline.wape());
        }
        for (int i = 0; i < f.forecast().mean().length; i++)
        {
            out.addMean(f.forecast().mean()[i]).addLower(f.forecast().lower()[i]).addUpper(f.forecast().upper()[i]);
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void getPolicy(final SeriesRequest request, final StreamObserver<PolicyView> response)
    {
        if (!validSeries(request, response))
        {
            return;
        }
        final SeriesPlan p = runtime.planner().latest().series()
            .get(HistoryStore.seriesKey(request.getSku(), request.getLocation()));
        if (p == null || p.policy() == null)
        {
            response.onError(Status.NOT_FOUND.withDescription("the latest planning run has no policy for sku '" +
                request.getSku() + "' at location '" + request.getLocation() + "'").asRuntimeException());
            return;
        }
        final StockPolicy s = p.policy();
        response.onNext(PolicyView.newBuilder().setSku(s.sku()).setLocation(s.location())
            .setAbcClass(s.abcClass().name()).setMeanDailyDemand(s.meanDailyDemand())
            .setSigmaDailyDemand(s.dailyDemandStdDev()).setLeadTimeDays(s.leadTimeDays())
            .setReviewPeriodDays(s.reviewPeriodDays()).setServiceLevel(s.cycleServiceLevel())
            .setSafetyStock(s.safetyStockUnits()).setReorderPoint(s.reorderPointUnits()).setEoq(s.eoqUnits())
            .setOrderUpTo(s.orderUpToUnits()).build());
        response.onCompleted();
    }

    @Override
    public void getKpis(final KpiRequest request, final StreamObserver<KpiView> response)
    {
        final int window = request.getWindowDays() == 0 ? 365 : request.getWindowDays();
        if (window > 3650)
        {
            response.onError(Status.INVALID_ARGUMENT.withDescription("window_days must be 1-3650").asRuntimeException());
            return;
        }
        final KpiReport k = runtime.planner().kpis(request.getSku().isEmpty() ? null : request.getSku(), window);
        final KpiView.Builder out = KpiView.newBuilder().setSku(request.getSku()).setWindowDays(window)
            .setOutboundUnits(k.outboundUnits()).setAverageStockUnits(k.averageStockUnits())
            .setTurnover(finite(k.turnover())).setAnnualTurnover(finite(k.annualTurnover()))
            .setStockoutRate(k.stockoutRate()).setOverstockRate(k.overstockRateUnits())
            .setOverstockValueRate(k.overstockRateValue());
        k.flags().forEach(f -> out.addFlags(f.name()));
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void importCsv(final ImportCsvRequest request, final StreamObserver<ImportCsvResult> response)
    {
        if (request.getPath().isEmpty())
        {
            response.onError(Status.INVALID_ARGUMENT.withDescription("path is required").asRuntimeException());
            return;
        }
        final HistoryStore store = runtime.history();
        try
        {
            final Path path = confined("path", request.getPath());
            final ImportReport report;
            switch (request.getKind())
            {
                case KIND_HISTORY:
                    final Set<String> known = new HashSet<>();
                    runtime.planner().knownSkus(known);
                    report = store.importDemand(path, known, runtime.planner().today(), request.getStrict());
                    break;
                case KIND_ITEMS:
                    report = store.importItems(path, request.getStrict());
                    break;
                case KIND_CALENDAR:
                    report = store.importCalendar(path, request.getStrict());
                    break;
                case KIND_EXPIRY:
                    report = store.importExpiry(path, request.getStrict());
                    break;
                default:
                    response.onError(Status.INVALID_ARGUMENT.withDescription("kind must be history, items, " +
                        "calendar or expiry").asRuntimeException());
                    return;
            }
            LOG.info("event=planner_import kind={} {}", request.getKind(), report);
            response.onNext(ImportCsvResult.newBuilder().setRowsRead(report.rowsRead())
                .setRowsStored(report.rowsStored()).setRowsSkipped(report.rowsSkipped()).setRefused(report.refused())
                .addAllProblems(report.problems()).build());
            response.onCompleted();
        }
        catch (final StatusException e)
        {
            response.onError(e);
        }
        catch (final IOException e)
        {
            response.onError(Status.FAILED_PRECONDITION.withDescription("cannot read " + request.getPath() + ": " +
                e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void suggestAllocation(final AllocationRequest request, final StreamObserver<AllocationView> response)
    {
        if (request.getSku().isEmpty() || request.getQuantity() <= 0)
        {
            response.onError(Status.INVALID_ARGUMENT.withDescription(request.getSku().isEmpty() ? "sku is required" :
                "quantity must be > 0").asRuntimeException());
            return;
        }
        final Allocation a = runtime.planner().allocate(request.getSku(), request.getQuantity()).orElse(null);
        if (a == null)
        {
            response.onError(Status.FAILED_PRECONDITION.withDescription("there is no central warehouse to keep the " +
                "reserve at").asRuntimeException());
            return;
        }
        response.onNext(AllocationView.newBuilder().setSku(a.sku()).setQuantity(a.quantityUnits())
            .setCentralLocation(a.centralLocation()).setCentralReserve(a.centralReserveUnits())
            .putAllUnitsByLocation(a.unitsByLocation()).build());
        response.onCompleted();
    }

    private static <T> boolean validSeries(final SeriesRequest request, final StreamObserver<T> response)
    {
        if (request.getSku().isEmpty() || request.getLocation().isEmpty())
        {
            response.onError(Status.INVALID_ARGUMENT.withDescription(request.getSku().isEmpty() ?
                "sku is required" : "location is required").asRuntimeException());
            return false;
        }
        return true;
    }

    private static boolean matches(final String filter, final String value)
    {
        return filter.isEmpty() || filter.equals(value);
    }

    private static double finite(final double v)
    {
        return Double.isFinite(v) ? v : 0;
    }
}
