package io.stockring.engine;

/**
 * Where a sampled command's time went inside the engine, reported by the writer (one command in
 * {@value StockEngine#STAGE_SAMPLE_EVERY}, so the cost is a few clock reads per sixteen commands).
 * All durations in nanoseconds, measured on one monotonic clock:
 *
 * <pre>
 *   publish --queue--> batch starts --journal--> batch durable --apply--> applied --reply--> callback returned
 *            waiting in the ring     append and the group         the ledger        the callback: completes the
 *            (the writer was busy    commit's fsync (SYNC)                          gRPC call or stream item
 *            or waking up)
 * </pre>
 *
 * Called on the writer thread, after the command's callback: must be quick, must not allocate
 * and must not block.
 */
@FunctionalInterface
public interface StageObserver
{
    void sampled(long queueNanos, long journalNanos, long applyNanos, long replyNanos);
}
