package io.stockring.bench.load;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner against fake workloads (no server): what it counts, and from when it measures. */
class PhaseRunnerTest
{
    private static final long MS = 1_000_000L;

    private final ScheduledExecutorService server = Executors.newSingleThreadScheduledExecutor();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final PhaseRunner runner = new PhaseRunner(new PrintStream(progress, true, StandardCharsets.UTF_8), null,
        new RunControl(), null);

    @AfterEach
    void stop()
    {
        server.shutdownNow();
    }

    /**
     * 1,000/s open loop against a server that answers nothing for its first 200 ms, then each call
     * after 1 ms. Every operation planned during the stall carries its wait, counted from its
     * planned time.
     */
    @Test
    void shouldChargeAStallToEveryOperationPlannedDuringIt() throws Exception
    {
        final long stallEndNs = System.nanoTime() + 200 * MS;
        final Workload stalling = (seq, done) ->
        {
            final long delayNs = Math.max(stallEndNs - System.nanoTime(), 0) + MS;
            server.schedule(() -> done.done(null), delayNs, TimeUnit.NANOSECONDS);
        };
        final PhaseResult r = runner.run(new PhaseSpec("stall", Scenario.EMPTY, "fake", true, 0, 1_000, 10_000, 0,
            600 * MS), stalling);

        assertEquals(0, r.errors(), r.errorsByReason().toString());
        assertTrue(r.ok() >= 550 && r.ok() <= 601, "ok " + r.ok());
        final long slow = r.latency().getCountBetweenValues(50 * MS, Long.MAX_VALUE / 4);
        assertTrue(slow >= 120, "operations that waited >= 50 ms: " + slow + " of " + r.latency().getTotalCount());
        assertTrue(r.latency().getMaxValue() >= 150 * MS, "max " + r.latency().getMaxValue());
    }

    /** With the in-flight cap reached, what could not be sent is still counted, as NOT_SENT, with its wait. */
    @Test
    void shouldCountWhatTheInFlightCapKeptFromBeingSent() throws Exception
    {
        final Workload slow = (seq, done) -> server.schedule(() -> done.done(null), 300, TimeUnit.MILLISECONDS);
        final PhaseResult r = runner.run(new PhaseSpec("capped", Scenario.EMPTY, "fake", true, 0, 1_000, 10, 0,
            200 * MS), slow);

        assertTrue(r.notSent() >= 150, "not sent " + r.notSent());
        assertEquals(r.notSent(), r.errorsByReason().get(PhaseRunner.NOT_SENT));
        assertEquals(r.ok() + r.errors(), r.latency().getTotalCount());
        assertTrue(r.ok() <= 11, "ok " + r.ok());
    }

    @Test
    void shouldKeepConcurrencyCallsInFlightInAClosedLoopAndCountErrorsByReason() throws Exception
    {
        final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
        final Workload w = (seq, done) ->
        {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            server.schedule(() ->
            {
                inFlight.decrementAndGet();
                done.done(seq % 10 == 0 ? "FAILED_PRECONDITION/INSUFFICIENT_STOCK" : null);
            }, 1, TimeUnit.MILLISECONDS);
        };
        final PhaseResult r = runner.run(new PhaseSpec("closed", Scenario.EMPTY, "fake", false, 8, 0, 100, 50 * MS,
            300 * MS), w);

        assertEquals(8, maxInFlight.get());
        assertTrue(r.ok() > 100, "ok " + r.ok());
        final long errors = r.errorsByReason().get("FAILED_PRECONDITION/INSUFFICIENT_STOCK");
        assertEquals(r.errors(), errors);
        assertTrue(errors > 0 && errors < r.ok() / 4, "errors " + errors + ", ok " + r.ok());
    }
}
