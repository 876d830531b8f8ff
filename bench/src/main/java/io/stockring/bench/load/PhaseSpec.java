package io.stockring.bench.load;

/**
 * One measured phase: a workload in a closed loop ({@code concurrency} operations always in
 * flight) or an open loop (a constant {@code ratePerS}, latency from the planned send time),
 * after a warm-up, for a fixed window.
 */
record PhaseSpec(String name, Scenario scenario, String transport, boolean open, int concurrency, double ratePerS,
    int maxInFlight, long warmupNs, long durationNs)
{
    String loopDescription()
    {
        return open ? String.format(java.util.Locale.ROOT, "open loop at %s/s (in-flight cap %d)",
            Units.count(ratePerS), maxInFlight) : "closed loop, " + concurrency + " in flight";
    }
}
