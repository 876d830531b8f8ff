package io.stockring.server.planning;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockring.planner.PlanResult;

import java.util.function.ToDoubleFunction;

/**
 * The planner as SREs see it: is it running, how long runs take, what they decided, and whether
 * the history collector keeps up. Every meter reads state the planner keeps anyway.
 *
 * <pre>
 *   stockring_planner_last_run_timestamp_seconds     start of the latest run (0: none yet)
 *   stockring_planner_last_run_duration_seconds      how long it took
 *   stockring_planner_series                         series planned
 *   stockring_planner_policies_pushed                SetPolicy commands applied by the latest run
 *   stockring_planner_purchase_suggestions / _transfer_suggestions / _overstock_entries
 *   stockring_planner_backtest_mase{method="planner"|"seasonal_naive"}
 *   stockring_planner_collector_samples_total, _units_booked_total, _dropped_events_total
 * </pre>
 */
public final class PlannerMetrics
{
    private PlannerMetrics()
    {
    }

    public static void bind(final MeterRegistry registry, final PlannerRuntime runtime)
    {
        latest(registry, runtime, "stockring.planner.last.run.timestamp", "seconds",
            "Start of the latest planning run (0 before the first)", r -> r.startedAt().getEpochSecond());
        latest(registry, runtime, "stockring.planner.last.run.duration", "seconds",
            "Duration of the latest planning run", PlanResult::durationSeconds);
        latest(registry, runtime, "stockring.planner.series", null, "Series the latest run planned",
            r -> r.series().size());
        latest(registry, runtime, "stockring.planner.policies.pushed", null,
            "SetPolicy commands the latest run applied", PlanResult::policiesPushed);
        latest(registry, runtime, "stockring.planner.purchase.suggestions", null,
            "Purchase suggestions of the latest run", r -> r.purchases().size());
        latest(registry, runtime, "stockring.planner.transfer.suggestions", null,
            "Transfer suggestions of the latest run", r -> r.transfers().size());
        latest(registry, runtime, "stockring.planner.overstock.entries", null,
            "Entries the latest run flagged as overstock", r -> r.overstock().size());
        Gauge.builder("stockring.planner.backtest.mase", runtime, rt -> nanToZero(rt.planner().latest().accuracy().mase()))
            .tag("method", "planner").description("Mean MASE of the planner's choice per series in the latest backtest")
            .register(registry);
        Gauge.builder("stockring.planner.backtest.mase", runtime,
            rt -> nanToZero(rt.planner().latest().accuracy().baselineMase()))
            .tag("method", "seasonal_naive").description("Mean MASE of seasonal naive on the same windows")
            .register(registry);
        FunctionCounter.builder("stockring.planner.collector.samples", runtime, rt -> rt.collector().samples())
            .description("History samples booked from the ledger").register(registry);
        FunctionCounter.builder("stockring.planner.collector.units.booked", runtime,
            rt -> rt.collector().unitsBooked()).description("Shipped units booked into the demand history")
            .register(registry);
        FunctionCounter.builder("stockring.planner.collector.dropped.events", runtime,
            rt -> rt.collector().droppedEvents())
            .description("Stockout/low-stock events dropped because the planner's feed was full").register(registry);
    }

    private static void latest(final MeterRegistry registry, final PlannerRuntime runtime, final String name,
        final String unit, final String description, final ToDoubleFunction<PlanResult> value)
    {
        final Gauge.Builder<PlannerRuntime> b = Gauge.builder(name, runtime, rt -> value.applyAsDouble(rt.planner().latest()))
            .description(description);
        if (unit != null)
        {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    private static double nanToZero(final double v)
    {
        return Double.isFinite(v) ? v : 0;
    }
}
