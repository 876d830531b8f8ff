package io.stockring.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link PhaseSpec}: warm-up, measured window, drain; a progress line every second and
 * every second's histogram into the HdrHistogram log.
 *
 * <pre>
 *   |-- warm-up --|------------- window -------------|-- drain --|
 *                 ^ latencies of operations started    ^ no new operations; in-flight ones
 *                   (planned) here are recorded          finish and are still recorded
 * </pre>
 *
 * Threads: closed loop: each completion (a gRPC thread) issues the next operation; open loop:
 * one sender thread follows the {@link OpenLoopSchedule}. Completions record into a
 * {@link Recorder} (thread-safe); the progress thread is its only reader.
 */
final class PhaseRunner
{
    /** Latencies above this are recorded as this (a deadline is 5 s; stalls longer than this are broken runs). */
    static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);
    static final long LATE_NS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long DRAIN_NS = TimeUnit.SECONDS.toNanos(15);
    static final String NOT_SENT = "NOT_SENT (in-flight cap reached)";

    private final PrintStream progress;
    private final HistogramLogWriter hlog;
    private final RunControl control;
    private final ServerFigures serverFigures;

    PhaseRunner(final PrintStream progress, final HistogramLogWriter hlog, final RunControl control,
        final ServerFigures serverFigures)
    {
        this.progress = progress;
        this.hlog = hlog;
        this.control = control;
        this.serverFigures = serverFigures;
    }

    /** The same runner without the stockring server's figures (for phases against a peer). */
    PhaseRunner withoutServerFigures()
    {
        return new PhaseRunner(progress, hlog, control, null);
    }

    PhaseResult run(final PhaseSpec spec, final Workload workload) throws InterruptedException
    {
        final Phase phase = new Phase(spec, workload);
        return phase.run();
    }

    private final class Phase
    {
        final PhaseSpec spec;
        final Workload workload;
        final Recorder recorder = new Recorder(HIGHEST_NS, 3);
        final Recorder warmRecorder = new Recorder(HIGHEST_NS, 3);
        final Histogram total = new Histogram(HIGHEST_NS, 3);
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder okInWindow = new LongAdder();
        final LongAdder completedInWindow = new LongAdder();
        final LongAdder completedAll = new LongAdder();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final List<long[]> timeline = new ArrayList<>();
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong seq = new AtomicLong();
        final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);
        final ExecutorService trampoline = Executors.newSingleThreadExecutor(r -> daemon(r, "load-trampoline"));
        volatile long phaseStartNs;
        volatile long windowStartNs;
        volatile long windowEndNs;
        long lastTickNs;
        long lastCompleted;
        long notSent;
        long lateSends;
        boolean capReached;
        Histogram interval;
        Histogram warmInterval;

        Phase(final PhaseSpec spec, final Workload workload)
        {
            this.spec = spec;
            this.workload = workload;
        }

        PhaseResult run() throws InterruptedException
        {
            final long now = System.nanoTime();
            phaseStartNs = now;
            windowStartNs = now + spec.warmupNs();
            windowEndNs = windowStartNs + spec.durationNs();
            lastTickNs = now;
            progress.printf("[%s] %s, %s: warm-up %.1f s, window %.1f s%n", spec.name(), spec.scenario(),
                spec.loopDescription(), spec.warmupNs() / 1e9, spec.durationNs() / 1e9);
            final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r ->
                daemon(r, "load-progress"));
            ticker.scheduleAtFixedRate(() -> tick(true), 1, 1, TimeUnit.SECONDS);
            final HiccupMeter hiccupMeter = new HiccupMeter();
            boolean inWindow = false;
            Thread sender = null;
            if (spec.open())
            {
                sender = daemon(this::sendOpenLoop, "load-sender");
                sender.start();
            }
            else
            {
                for (int i = 0; i < spec.concurrency(); i++)
                {
                    issueClosed();
                }
            }
            Map<String, Double> before = null;
            while (System.nanoTime() < windowEndNs && !control.stopped())
            {
                control.sleepMs(20);
                if (!inWindow && System.nanoTime() >= windowStartNs)
                {
                    inWindow = true;
                    hiccupMeter.restart();
                    before = serverFigures == null ? null : serverFigures.scrape();
                }
            }
            final long endNs = Math.min(System.nanoTime(), windowEndNs);
            windowEndNs = endNs;
            // Stopped during the warm-up: no window, so no window's hiccups either.
            final Histogram hiccups = inWindow ? hiccupMeter.interval() : new Histogram(HIGHEST_NS, 3);
            hiccupMeter.close();
            final Map<String, Double> after = before == null ? null : serverFigures.scrape();
            if (sender != null)
            {
                sender.join(TimeUnit.NANOSECONDS.toMillis(DRAIN_NS));
            }
            final long drainDeadline = System.nanoTime() + DRAIN_NS;
            while (inFlight.get() > 0 && System.nanoTime() < drainDeadline)
            {
                Thread.sleep(5);
            }
            ticker.shutdown();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            tick(false);
            trampoline.shutdown();
            final long abandoned = inFlight.get();
            if (abandoned > 0)
            {
                errors.computeIfAbsent("NO_ANSWER (still in flight after drain)", k -> new LongAdder()).add(abandoned);
            }
            final double windowS = Math.max(0, endNs - windowStartNs) / 1e9;
            final Map<String, Long> errorsByReason = new TreeMap<>();
            errors.forEach((k, v) -> errorsByReason.put(k, v.sum()));
            final long planned = spec.open() ? new OpenLoopSchedule(phaseStartNs, spec.ratePerS())
                .dueBetween(windowStartNs, endNs) : 0;
            final boolean shortfall = spec.open() && !capReached && planned > 0 && lateSends > planned / 10;
            return new PhaseResult(spec, windowS, ok.sum(), failed.sum() + abandoned,
                windowS > 0 ? okInWindow.sum() / windowS : 0, windowS > 0 ? completedInWindow.sum() / windowS : 0,
                total.copy(), errorsByReason, notSent, lateSends, shortfall, control.stopped(), List.copyOf(timeline),
                after == null ? null : ServerFigures.describe(before, after, windowS), hiccups);
        }

        void issueClosed()
        {
            if (System.nanoTime() >= windowEndNs || control.stopped())
            {
                return;
            }
            final int[] d = depth.get();
            if (d[0] > 16)
            {
                trampoline.execute(this::issueClosed);
                return;
            }
            d[0]++;
            try
            {
                final long startNs = System.nanoTime();
                if (startNs >= windowEndNs || control.stopped())
                {
                    return;
                }
                inFlight.incrementAndGet();
                issue(seq.getAndIncrement(), startNs, true);
            }
            finally
            {
                d[0]--;
            }
        }

        void issue(final long s, final long startNs, final boolean closed)
        {
            try
            {
                workload.issue(s, error ->
                {
                    complete(startNs, System.nanoTime(), error);
                    if (closed)
                    {
                        issueClosed();
                    }
                });
            }
            catch (final RuntimeException e)
            {
                complete(startNs, System.nanoTime(), "CLIENT " + e.getClass().getSimpleName());
            }
        }

        void sendOpenLoop()
        {
            final OpenLoopSchedule schedule = new OpenLoopSchedule(phaseStartNs, spec.ratePerS());
            long i = 0;
            outer:
            while (true)
            {
                final long planned = schedule.plannedNs(i);
                if (planned >= windowEndNs || control.stopped())
                {
                    break;
                }
                long now = System.nanoTime();
                while (now < planned)
                {
                    LockSupport.parkNanos(planned - now);
                    now = System.nanoTime();
                }
                boolean blocked = false;
                while (inFlight.get() >= spec.maxInFlight())
                {
                    blocked = true;
                    capReached = true;
                    LockSupport.parkNanos(50_000);
                    now = System.nanoTime();
                    if (now >= windowEndNs || control.stopped())
                    {
                        break outer;
                    }
                }
                if (!blocked && now - planned > LATE_NS && planned >= windowStartNs)
                {
                    lateSends++;
                }
                inFlight.incrementAndGet();
                issue(i, planned, false);
                i++;
            }
            // Operations that were due but never sent still waited: record them (a lower bound), so
            // a saturated server cannot hide behind the in-flight cap.
            final long due = schedule.dueBy(Math.min(windowEndNs, System.nanoTime()) - 1);
            final long now = System.nanoTime();
            for (long k = i; k < due; k++)
            {
                final long planned = schedule.plannedNs(k);
                if (planned >= windowStartNs)
                {
                    recorder.recordValue(Math.min(HIGHEST_NS, Math.max(0, now - planned)));
                    failed.increment();
                    errors.computeIfAbsent(NOT_SENT, x -> new LongAdder()).increment();
                    notSent++;
                }
            }
        }

        void complete(final long startNs, final long endNs, final String error)
        {
            inFlight.decrementAndGet();
            completedAll.increment();
            final long latencyNs = Math.min(HIGHEST_NS, Math.max(0, endNs - startNs));
            if (startNs >= windowStartNs && startNs < windowEndNs)
            {
                recorder.recordValue(latencyNs);
                if (error == null)
                {
                    ok.increment();
                }
                else
                {
                    failed.increment();
                    errors.computeIfAbsent(error, k -> new LongAdder()).increment();
                }
            }
            else if (startNs < windowStartNs)
            {
                warmRecorder.recordValue(latencyNs);
            }
            if (endNs >= windowStartNs && endNs < windowEndNs)
            {
                completedInWindow.increment();
                if (error == null)
                {
                    okInWindow.increment();
                }
            }
        }

        /** Every second: fold the interval into the total, log it, print a progress line. */
        synchronized void tick(final boolean print)
        {
            final long now = System.nanoTime();
            interval = recorder.getIntervalHistogram(interval);
            warmInterval = warmRecorder.getIntervalHistogram(warmInterval);
            total.add(interval);
            if (interval.getTotalCount() > 0)
            {
                timeline.add(new long[] {System.currentTimeMillis(), interval.getTotalCount(),
                    interval.getValueAtPercentile(50), interval.getValueAtPercentile(99), interval.getMaxValue()});
            }
            if (hlog != null && interval.getTotalCount() > 0)
            {
                interval.setTag(spec.name());
                synchronized (hlog)
                {
                    hlog.outputIntervalHistogram(interval);
                }
            }
            final long completed = completedAll.sum();
            final double perS = (completed - lastCompleted) * 1e9 / Math.max(1, now - lastTickNs);
            lastCompleted = completed;
            lastTickNs = now;
            final String state = now < windowStartNs ? "warm-up" : now < windowEndNs ? "measure" : "drain";
            final Histogram shown = interval.getTotalCount() > 0 ? interval : warmInterval;
            if (!print)
            {
                return;
            }
            progress.printf("[%s %3.0fs %-7s] %s ops/s  %s  in flight %d  errors %d%n", spec.name(),
                (now - phaseStartNs) / 1e9, state, Units.count(perS), Report.shortPercentiles(shown), inFlight.get(),
                failed.sum());
        }
    }

    static Thread daemon(final Runnable r, final String name)
    {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
