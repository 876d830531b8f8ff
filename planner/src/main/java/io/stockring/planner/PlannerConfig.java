package io.stockring.planner;

import io.stockring.planner.forecast.ForecastConfig;
import io.stockring.planner.policy.PolicyConfig;

import java.time.ZoneId;

/**
 * How the planner plans: the history window, the forecast and policy settings, and what it may
 * do to the ledger on its own.
 *
 * @param historyDays             days of history each run reads (730: two years of seasons)
 * @param kpiWindowDays           default window of the KPIs
 * @param transferCoverDays       how far ahead a location's projected stock is judged when
 *                                rebalancing (days of demand a transfer must cover)
 * @param autoTransfers           issue the run's transfer suggestions to the ledger
 * @param realtimeATransfers      on a low-stock event of an A item, transfer from the parent at once
 * @param workerThreads           threads that forecast in parallel
 * @param zone                    the programme's time zone: what "today" is
 */
public record PlannerConfig(int historyDays, int kpiWindowDays, int transferCoverDays, boolean autoTransfers,
    boolean realtimeATransfers, int workerThreads, ZoneId zone, ForecastConfig forecast, PolicyConfig policy)
{
    public PlannerConfig
    {
        if (historyDays < 28)
        {
            throw new IllegalArgumentException("historyDays must be >= 28, was " + historyDays);
        }
        if (kpiWindowDays < 1 || transferCoverDays < 1 || workerThreads < 1)
        {
            throw new IllegalArgumentException("kpiWindowDays, transferCoverDays and workerThreads must be >= 1");
        }
    }

    public static PlannerConfig defaults(final ZoneId zone)
    {
        return new PlannerConfig(730, 365, 7, false, true, Runtime.getRuntime().availableProcessors(), zone,
            ForecastConfig.defaults(), PolicyConfig.defaults());
    }

    public PlannerConfig withWorkerThreads(final int threads)
    {
        return new PlannerConfig(historyDays, kpiWindowDays, transferCoverDays, autoTransfers, realtimeATransfers,
            threads, zone, forecast, policy);
    }
}
