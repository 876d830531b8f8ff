package io.stockring.bench.load;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenLoopScheduleTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldPlanSendTimesAtAConstantRate()
    {
        final OpenLoopSchedule s = new OpenLoopSchedule(1_000, 1_000);
        assertEquals(1_000, s.plannedNs(0));
        assertEquals(1_000 + MS, s.plannedNs(1));
        assertEquals(1_000 + 1_000 * MS, s.plannedNs(1_000));
    }

    @Test
    void shouldNotDriftOverLongRunsAtRatesThatDoNotDivideASecond()
    {
        final OpenLoopSchedule s = new OpenLoopSchedule(0, 3);
        assertEquals(333_333_333, s.plannedNs(1));
        assertEquals(666_666_667, s.plannedNs(2));
        assertEquals(3_600_000_000_000L, s.plannedNs(3 * 3_600));
    }

    @Test
    void shouldCountTheOperationsDueByATime()
    {
        final OpenLoopSchedule s = new OpenLoopSchedule(100, 1_000);
        assertEquals(0, s.dueBy(99));
        assertEquals(1, s.dueBy(100));
        assertEquals(1, s.dueBy(100 + MS - 1));
        assertEquals(2, s.dueBy(100 + MS));
        assertEquals(1_000, s.dueBetween(100, 100 + 1_000 * MS));
        assertEquals(500, s.dueBetween(100 + 250 * MS, 100 + 750 * MS));
        for (long t = 0; t < 20 * MS; t += 77_777)
        {
            final long n = s.dueBy(t);
            assertTrue(n == 0 || s.plannedNs(n - 1) <= t, "op " + (n - 1) + " due by " + t);
            assertTrue(s.plannedNs(n) > t, "op " + n + " not yet due at " + t);
        }
    }

    @Test
    void shouldRefuseANonPositiveRate()
    {
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 0));
    }

    /**
     * One connection, one call at a time, 100 calls/s planned, 1 ms service time, and a server that
     * stalls for 500 ms. Measured from the actual send, the stall is one slow call (coordinated
     * omission: the generator politely waited); measured from the planned time, every call that
     * was due during the stall shows its wait.
     */
    @Test
    void shouldShowAStallInEveryOperationThatWasDueDuringIt()
    {
        final OpenLoopSchedule s = new OpenLoopSchedule(0, 100);
        final long stallFrom = 1_000 * MS;
        final long stallTo = 1_500 * MS;
        final Histogram fromPlanned = new Histogram(3);
        final Histogram fromSent = new Histogram(3);
        long free = 0;
        for (int i = 0; i < 300; i++)
        {
            final long planned = s.plannedNs(i);
            final long sent = Math.max(planned, free);
            final long start = sent >= stallFrom && sent < stallTo ? stallTo : sent;
            final long done = start + MS;
            free = done;
            fromPlanned.recordValue(s.latencyNs(i, done));
            fromSent.recordValue(done - sent);
        }
        assertEquals(1, fromSent.getCountBetweenValues(100 * MS, Long.MAX_VALUE / 2));
        assertEquals(MS, fromSent.getValueAtPercentile(99), MS / 100);
        assertTrue(fromPlanned.getCountBetweenValues(100 * MS, Long.MAX_VALUE / 2) >= 40,
            "calls due during the stall: " + fromPlanned.getCountBetweenValues(100 * MS, Long.MAX_VALUE / 2));
        assertTrue(fromPlanned.getValueAtPercentile(99) >= 400 * MS, "p99 " + fromPlanned.getValueAtPercentile(99));
        assertEquals(500 * MS, fromPlanned.getMaxValue(), 5 * MS);
    }
}
