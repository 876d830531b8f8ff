package io.stockring.planner;

import io.stockring.planner.forecast.BacktestResult;
import io.stockring.planner.forecast.CalendarEvent;
import io.stockring.planner.forecast.DemandSeries;
import io.stockring.planner.forecast.Drivers;
import io.stockring.planner.forecast.ForecastResult;
import io.stockring.planner.forecast.Forecaster;
import io.stockring.planner.history.HistoryStore;
import io.stockring.planner.policy.ItemEconomics;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first stage of a planning run: every series of the history, forecast with its backtest and
 * summarised into a {@link SeriesPlan}. One thread reads the history while {@code workerThreads}
 * forecast what it has read (a bounded queue between them); each worker has its own
 * {@link Forecaster}, which reuses scratch space.
 */
final class SeriesForecaster
{
    private final PlannerConfig config;
    private final HistoryStore history;

    SeriesForecaster(final PlannerConfig config, final HistoryStore history)
    {
        this.config = config;
        this.history = history;
    }

    /** Reads every series and forecasts it on {@code workerThreads} threads while the next ones are read. */
    Map<String, SeriesPlan> forecastAll(final LocalDate from, final LocalDate today,
        final Map<String, ItemEconomics> economics, final List<CalendarEvent> events, final Map<LocalDate, Long> expiry)
    {
        final int days = (int)Duration.between(from.atStartOfDay(), today.atStartOfDay()).toDays();
        final Map<String, SeriesPlan> out = new ConcurrentHashMap<>();
        final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(4096);
        final Object[] end = new Object[0];
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        final List<Thread> workers = new ArrayList<>();
        final double[] pastExpiry = expiry.isEmpty() ? null : expirySeries(expiry, from, days);
        final double[] futureExpiry = expiry.isEmpty() ? null :
            expirySeries(expiry, today, config.forecast().horizonDays());
        for (int t = 0; t < config.workerThreads(); t++)
        {
            final Thread worker = new Thread(() ->
            {
                // A Forecaster reuses scratch arrays: one per thread.
                final Forecaster forecaster = new Forecaster(config.forecast());
                try
                {
                    while (true)
                    {
                        final Object[] task = queue.take();
                        if (task == end)
                        {
                            queue.put(end);
                            return;
                        }
                        final String sku = (String)task[0];
                        final String location = (String)task[1];
                        final double[] demand = (double[])task[2];
                        final List<CalendarEvent> applying = applying(events, sku, location, economics.get(sku));
                        out.put(HistoryStore.seriesKey(sku, location), plan(forecaster, sku, location, from, demand,
                            today, applying, pastExpiry, futureExpiry, economics.get(sku)));
                    }
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
                catch (final RuntimeException e)
                {
                    failure.compareAndSet(null, e);
                    queue.clear();
                    queue.offer(end);
                }
            }, "stockring-planner-" + t);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        try
        {
            history.forEachSeries(from, days, (sku, location, demand) ->
            {
                if (failure.get() != null)
                {
                    return;
                }
                try
                {
                    queue.put(new Object[] {sku, location, demand});
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("planning run interrupted", e);
                }
            });
        }
        finally
        {
            try
            {
                queue.put(end);
                for (final Thread w : workers)
                {
                    w.join();
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
        if (failure.get() != null)
        {
            throw failure.get();
        }
        return new HashMap<>(out);
    }

    private SeriesPlan plan(final Forecaster forecaster, final String sku, final String location,
        final LocalDate from, final double[] demand,
        final LocalDate today, final List<CalendarEvent> events, final double[] pastExpiry,
        final double[] futureExpiry, final ItemEconomics item)
    {
        final int horizon = config.forecast().horizonDays();
        final Drivers past = Drivers.of(from, demand.length, events, pastExpiry);
        final Drivers future = Drivers.of(today, horizon, events, futureExpiry);
        final ForecastResult r = forecaster.forecast(new DemandSeries(from, demand, past), future);
        final double[] mean = r.forecast().mean();
        final double[] upper = r.forecast().upper();
        final int protection = (int)Math.ceil((item == null ? 7 : item.leadTimeDays()) + 7);
        final int n = Math.min(mean.length, Math.max(1, protection));
        double sum = 0;
        double max = 0;
        for (int i = 0; i < n; i++)
        {
            sum += mean[i];
            max = Math.max(max, upper[i]);
        }
        double cover = 0;
        for (int i = 0; i < Math.min(mean.length, config.transferCoverDays()); i++)
        {
            cover += mean[i];
        }
        double lastYear = 0;
        for (int i = Math.max(0, demand.length - 365); i < demand.length; i++)
        {
            lastYear += demand[i];
        }
        int daysSinceDemand = demand.length;
        for (int i = demand.length - 1; i >= 0; i--)
        {
            if (demand[i] > 0)
            {
                daysSinceDemand = demand.length - 1 - i;
                break;
            }
        }
        final BacktestResult chosen = r.baselineUsed() ? r.backtest().baseline() : r.backtest().method();
        final BacktestResult baseline = r.backtest().baseline();
        final boolean scored = r.backtest().available();
        return new SeriesPlan(sku, location, r.profile().pattern(), r.method(), r.baselineUsed(),
            scored ? chosen.mase() : Double.NaN, scored ? baseline.mase() : Double.NaN,
            scored ? chosen.absErrorUnits() : 0, scored ? baseline.absErrorUnits() : 0,
            scored ? chosen.actualUnits() : 0, lastYear, sum / n,
            r.forecast().sigmaDaily(), Math.max(max, sum / n), cover, daysSinceDemand, null);
    }

    /** The calendar entries that apply to one series: scope "*", its sku, its category or its location. */
    static List<CalendarEvent> applying(final List<CalendarEvent> events, final String sku,
        final String location, final ItemEconomics item)
    {
        List<CalendarEvent> out = null;
        for (final CalendarEvent e : events)
        {
            final String scope = e.scope();
            if (scope == null || scope.equals("*") || scope.equals(sku) || scope.equals(location) ||
                (item != null && scope.equals(item.category())))
            {
                if (out == null)
                {
                    out = new ArrayList<>();
                }
                out.add(e);
            }
        }
        return out == null ? List.of() : out;
    }

    static double[] expirySeries(final Map<LocalDate, Long> byDay, final LocalDate start, final int days)
    {
        final double[] out = new double[days];
        for (int i = 0; i < days; i++)
        {
            out[i] = byDay.getOrDefault(start.plusDays(i), 0L);
        }
        return out;
    }
}
