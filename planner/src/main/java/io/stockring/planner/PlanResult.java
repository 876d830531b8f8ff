package io.stockring.planner;

import io.stockring.planner.policy.AbcClass;
import io.stockring.planner.policy.KpiReport;
import io.stockring.planner.policy.OverstockFinding;
import io.stockring.planner.policy.PurchaseSuggestion;
import io.stockring.planner.policy.TransferSuggestion;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything one planning run decided. Immutable: the gRPC service and the report read the latest
 * one while the next run builds its own.
 *
 * @param series    per "sku\0location" (see {@code HistoryStore.seriesKey})
 * @param transfers the rebalancing suggestions, each with the request id it was issued under
 *                  ("" when it was only suggested)
 * @param phaseSeconds where the run's time went, in order (the first phase includes the snapshot of the ledger)
 */
public record PlanResult(String runId, Instant startedAt, double durationSeconds, LocalDate today,
    Map<String, SeriesPlan> series, Map<String, AbcClass> abcBySku, List<PurchaseSuggestion> purchases,
    List<IssuedTransfer> transfers, List<OverstockFinding> overstock, KpiReport programmeKpis, Accuracy accuracy,
    long policiesPushed, List<String> warnings, Map<String, Double> phaseSeconds)
{
    /** A transfer suggestion and, when it was issued to the ledger, its request id and outcome. */
    public record IssuedTransfer(TransferSuggestion suggestion, String requestId,
        String outcome)
    {
    }

    /**
     * Backtest accuracy over all series, the planner's choice beside the seasonal-naive baseline
     * on exactly the same windows.
     *
     * @param mase         mean MASE over series with a defined MASE
     * @param wape         total absolute error / total actual, all series
     * @param baselineUsed series where the baseline backtested better and was used
     */
    public record Accuracy(long series, double mase, double baselineMase, double wape, double baselineWape,
        long baselineUsed)
    {
    }

    public static PlanResult empty()
    {
        return new PlanResult("", Instant.EPOCH, 0, LocalDate.EPOCH, Map.of(), Map.of(), List.of(), List.of(),
            List.of(), null, new Accuracy(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0), 0, List.of(), Map.of());
    }
}
