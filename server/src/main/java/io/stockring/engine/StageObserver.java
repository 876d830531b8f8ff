package io.stockring.engine;

/**
 * Where a sampled command's time went inside the engine, reported by the Replier (one command in
 * {@value StockEngine#STAGE_SAMPLE_EVERY}, so the cost is a few clock reads per sixteen commands).
 * All durations in nanoseconds, measured on one monotonic clock:
 *
 * <pre>
 *   publish --journal--> writer starts --apply--> writer done --handoff--> replier starts --reply--> callback returned
 *            ring queue, append and the          the ledger     the replier     the callback: completes the
 *            group commit's fsync (SYNC)                        wakes up        gRPC call or stream item
 * </pre>
 *
 * Called on the Replier thread: must be quick and must not block.
 */
@FunctionalInterface
public interface StageObserver
{
    void sampled(long journalNanos, long applyNanos, long handoffNanos, long replyNanos);
}
