package io.stockring.bench.load;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What one phase measured. {@code latency} holds the operations that started (open loop: were
 * planned) inside the window, including those that finished after it; {@code okPerS} counts
 * successful operations that completed inside the window.
 *
 * @param notSent      open loop: operations due in the window that the generator never sent
 *                     (in-flight cap reached); recorded with their waiting time so far, as errors
 * @param lateSends    open loop: operations sent more than 1 ms after their planned time
 * @param rateShortfall open loop: the generator itself fell behind the schedule (not the server)
 * @param timeline     one entry per second of the window: its end (epoch ms), count, p50, p99, max (ns)
 * @param serverFigures the server's own counters over the window, in words (null: no metrics endpoint)
 * @param hiccups      this JVM's {@link HiccupMeter} over the window: the stalls any thread here met
 */
record PhaseResult(PhaseSpec spec, double windowS, long ok, long errors, double okPerS, double completedPerS,
    Histogram latency, Map<String, Long> errorsByReason, long notSent, long lateSends, boolean rateShortfall,
    boolean interrupted, List<long[]> timeline, String serverFigures,
    Histogram hiccups)
{
}
