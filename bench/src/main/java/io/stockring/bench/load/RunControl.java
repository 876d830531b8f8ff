package io.stockring.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a run early and keeps its report: Ctrl-C (a shutdown hook) or the wall-clock cap sets
 * {@link #stop}, the phases end their windows at once, and the hook waits for {@link #finished}
 * so that what was measured is still printed and written.
 */
final class RunControl
{
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String reason;

    void stop(final String why)
    {
        if (reason == null)
        {
            reason = why;
        }
        stop.countDown();
    }

    boolean stopped()
    {
        return stop.getCount() == 0;
    }

    String reason()
    {
        return reason;
    }

    /** Sleeps up to {@code ms}, waking early when the run is stopped. */
    void sleepMs(final long ms) throws InterruptedException
    {
        stop.await(ms, TimeUnit.MILLISECONDS);
    }

    void finished()
    {
        finished.countDown();
    }

    boolean awaitFinished(final long ms) throws InterruptedException
    {
        return finished.await(ms, TimeUnit.MILLISECONDS);
    }
}
