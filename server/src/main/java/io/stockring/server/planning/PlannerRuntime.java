package io.stockring.server.planning;

import io.stockring.engine.Engine;
import io.stockring.planner.PlanResult;
import io.stockring.planner.Planner;
import io.stockring.planner.history.HistoryStore;
import io.stockring.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The planner inside the server, as its own component beside the engine:
 *
 * <pre>
 *   writer --events--> PlannerEventFeed --drain--> collector thread: HistoryCollector (every minute)
 *                                                                    real-time A rule (low-stock)
 *   scheduler: planning run, A items hourly, everything daily ----> Planner --commands--> ring
 * </pre>
 *
 * Nothing here runs on the writer thread. The collector and the runs use separate threads so a
 * long run never delays the history; the real-time rule hands its transfers to the run thread's
 * executor so the collector never blocks on a command.
 */
public final class PlannerRuntime implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PlannerRuntime.class);
    private static final int FEED_CAPACITY = 1 << 16;

    private final HistoryStore history;
    private final Planner planner;
    private final HistoryCollector collector;
    private final ScheduledExecutorService collectorThread;
    private final ExecutorService runThread;
    private final Clock clock;

    /** The feed to hand to the engine as an event listener, before the engine starts. */
    public static PlannerEventFeed newFeed()
    {
        return new PlannerEventFeed(FEED_CAPACITY);
    }

    /**
     * Opens the history store on a thread of its own: DuckDB's start (its native library, the
     * file) takes about a second, which then runs beside the ledger's recovery instead of after it.
     */
    public static CompletableFuture<HistoryStore> openHistory(final ServerConfig config)
    {
        final CompletableFuture<HistoryStore> opened = new CompletableFuture<>();
        final Thread opener = new Thread(() ->
        {
            try
            {
                opened.complete(HistoryStore.open(config.plannerHistoryFile()));
            }
            catch (final Throwable t)
            {
                opened.completeExceptionally(t);
            }
        }, "stockring-planner-open");
        opener.setDaemon(true);
        opener.start();
        return opened;
    }

    /** Waits for {@link #openHistory}; its failure is thrown as it was. */
    public static HistoryStore awaitHistory(final CompletableFuture<HistoryStore> opening)
    {
        try
        {
            return opening.join();
        }
        catch (final CompletionException e)
        {
            if (e.getCause() instanceof RuntimeException r)
            {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Starts the collector and the schedule over {@code history} (from {@link #openHistory}),
     * which the runtime then owns and closes. The engine must have recovered; {@code feed} must
     * be the listener the engine was started with.
     */
    public static PlannerRuntime start(final ServerConfig config, final Engine engine, final PlannerEventFeed feed,
        final Clock clock, final HistoryStore history)
    {
        final PlannerRuntime runtime = new PlannerRuntime(config, engine, history, clock, feed);
        runtime.collectorThread.scheduleWithFixedDelay(runtime::collectQuietly, 1, config.plannerCollectIntervalSeconds,
            TimeUnit.SECONDS);
        runtime.collectorThread.scheduleWithFixedDelay(runtime.collector::drainEvents, 200, 200, TimeUnit.MILLISECONDS);
        // Hourly (the A items' cadence) rather than hourly for A and daily for the rest: a full run
        // over 100,000 series takes well under the budget, so every run plans everything. The
        // policies of the last run are in the ledger already, so the first run can wait its turn.
        final long everyMinutes = config.plannerRunIntervalMinutes;
        runtime.collectorThread.scheduleWithFixedDelay(() -> runtime.runThread.submit(runtime::runQuietly),
            everyMinutes * 60, everyMinutes * 60, TimeUnit.SECONDS);
        LOG.info("event=planner_started history={} collectEverySeconds={} runEveryMinutes={} autoTransfers={} " +
            "realtimeATransfers={}", config.plannerHistoryFile().toAbsolutePath(), config.plannerCollectIntervalSeconds,
            everyMinutes, config.plannerAutoTransfers, config.plannerRealtimeATransfers);
        return runtime;
    }

    private PlannerRuntime(final ServerConfig config, final Engine engine, final HistoryStore history,
        final Clock clock, final PlannerEventFeed engineFeed)
    {
        this.history = history;
        this.clock = clock;
        this.planner = new Planner(config.plannerConfig(), history, new EngineLedgerGateway(engine), clock);
        this.runThread = Executors.newSingleThreadExecutor(r -> daemon(r, "stockring-planner-run"));
        this.collector = new HistoryCollector(engine, history, engineFeed, config.plannerZone, this::onLowStock);
        this.collectorThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "stockring-planner-collect"));
    }

    public Planner planner()
    {
        return planner;
    }

    public HistoryStore history()
    {
        return history;
    }

    public HistoryCollector collector()
    {
        return collector;
    }

    /** Books a history sample now (on the collector thread) and waits for it. */
    public void collectNow() throws Exception
    {
        collectorThread.submit(() -> collector.collect(clock.millis())).get(60, TimeUnit.SECONDS);
    }

    /** Runs the planner now on the run thread and waits for the result. */
    public PlanResult runNow(final Planner.Mode mode) throws Exception
    {
        collectNow();
        final Future<PlanResult> f = runThread.submit(() -> planner.run(mode));
        return f.get(10, TimeUnit.MINUTES);
    }

    private void collectQuietly()
    {
        try
        {
            collector.collect(clock.millis());
        }
        catch (final RuntimeException e)
        {
            LOG.error("event=planner_collect_failed error=\"{}\"", e.getMessage(), e);
        }
    }

    private void runQuietly()
    {
        try
        {
            final PlanResult r = planner.run(Planner.Mode.APPLY);
            LOG.info("event=planner_run runId={} seconds={} series={} policiesPushed={} purchases={} transfers={} " +
                "overstock={}", r.runId(), String.format("%.2f", r.durationSeconds()), r.series().size(),
                r.policiesPushed(), r.purchases().size(), r.transfers().size(), r.overstock().size());
        }
        catch (final RuntimeException e)
        {
            LOG.error("event=planner_run_failed error=\"{}\"", e.getMessage(), e);
        }
    }

    private void onLowStock(final String sku, final String location, final long available, final long reorderPoint)
    {
        runThread.submit(() ->
        {
            try
            {
                planner.onLowStock(sku, location).ifPresent(t -> LOG.info("event=planner_realtime_transfer sku={} " +
                    "from={} to={} quantity={} requestId={} outcome={}", sku, t.suggestion().fromLocation(), location,
                    t.suggestion().quantityUnits(), t.requestId(), t.outcome()));
            }
            catch (final RuntimeException e)
            {
                LOG.error("event=planner_realtime_failed sku={} location={} error=\"{}\"", sku, location,
                    e.getMessage(), e);
            }
        });
    }

    private static Thread daemon(final Runnable r, final String name)
    {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close()
    {
        collectorThread.shutdown();
        runThread.shutdown();
        try
        {
            collectorThread.awaitTermination(30, TimeUnit.SECONDS);
            runThread.awaitTermination(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            collector.collect(clock.millis());
        }
        catch (final RuntimeException e)
        {
            LOG.warn("event=planner_final_collect_failed error=\"{}\"", e.getMessage());
        }
        history.close();
    }
}
