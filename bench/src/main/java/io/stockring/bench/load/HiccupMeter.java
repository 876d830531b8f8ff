package io.stockring.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a thread that asks for a 1 ms nap is kept from running beyond it: the stalls every
 * thread of this JVM shares (GC pauses, safepoints) and those of the machine (other processes on
 * the cores, the host preempting a virtual CPU). A request crosses several threads of the
 * generator and of the server, and meets these stalls at each, so they set a floor under the
 * latency percentiles measured in the same window.
 *
 * <p>One daemon thread naps and records each overshoot; {@link #restart()} starts an interval,
 * {@link #interval()} ends it. Run alone ({@link #main}), it measures the machine before a load
 * run, or beside one as a control that shares no JVM with it.
 */
final class HiccupMeter implements AutoCloseable
{
    static final long NAP_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Overshoots at or above this count as stalled time. */
    static final long STALL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Recorder recorder = new Recorder(PhaseRunner.HIGHEST_NS, 3);
    private final Thread thread;
    private volatile boolean running = true;

    HiccupMeter()
    {
        thread = new Thread(this::run, "load-hiccup-meter");
        thread.setDaemon(true);
        thread.start();
    }

    private void run()
    {
        while (running)
        {
            final long start = System.nanoTime();
            LockSupport.parkNanos(NAP_NS);
            final long overshoot = System.nanoTime() - start - NAP_NS;
            recorder.recordValue(Math.min(PhaseRunner.HIGHEST_NS, Math.max(0, overshoot)));
        }
    }

    /** Drops what was recorded so far: the next {@link #interval()} starts now. */
    void restart()
    {
        recorder.getIntervalHistogram();
    }

    /** The overshoots since the last {@link #restart()} or {@link #interval()}. */
    Histogram interval()
    {
        return recorder.getIntervalHistogram();
    }

    /** Overshoots of at least {@link #STALL_NS}, summed, as a share of {@code windowNs}. */
    static double stalledShare(final Histogram hiccups, final long windowNs)
    {
        long stalled = 0;
        for (final HistogramIterationValue v : hiccups.recordedValues())
        {
            if (v.getValueIteratedTo() >= STALL_NS)
            {
                stalled += v.getValueIteratedTo() * v.getCountAtValueIteratedTo();
            }
        }
        return windowNs <= 0 ? 0 : Math.min(1.0, (double)stalled / windowNs);
    }

    /** One line: percentiles of the overshoot and the share of the window spent in stalls. */
    static String describe(final Histogram hiccups, final long windowNs)
    {
        if (hiccups.getTotalCount() == 0)
        {
            return "no samples";
        }
        return String.format(Locale.ROOT, "%s beyond a 1 ms nap (n=%d); stalled >= 1 ms: %.2f %% of the time",
            Report.percentiles(hiccups), hiccups.getTotalCount(), 100 * stalledShare(hiccups, windowNs));
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code bench hiccup [SECONDS]}: measures this machine alone, one line per 5 s and a summary
     * (default 30 s, at most an hour).
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final String usage = "usage: stockring bench hiccup [SECONDS]  (1-3600, default 30): how long this machine"
            + " stalls a thread that sleeps 1 ms, one line per 5 s and a summary";
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")))
        {
            System.out.println(usage);
            return;
        }
        final long seconds = args.length == 0 ? 30 : seconds(args[0]);
        if (args.length > 1 || seconds < 1 || seconds > 3600)
        {
            System.err.println(usage + " (got: " + String.join(" ", args) + ")");
            System.exit(2);
        }
        final Histogram total = new Histogram(PhaseRunner.HIGHEST_NS, 3);
        try (HiccupMeter meter = new HiccupMeter())
        {
            long left = seconds;
            while (left > 0)
            {
                final long step = Math.min(5, left);
                final long start = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(step));
                final Histogram h = meter.interval();
                total.add(h);
                System.out.println("hiccups " + describe(h, System.nanoTime() - start));
                left -= step;
            }
        }
        System.out.println("total   " + describe(total, TimeUnit.SECONDS.toNanos(seconds)));
    }

    private static long seconds(final String text)
    {
        try
        {
            return Long.parseLong(text.trim());
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }
}
