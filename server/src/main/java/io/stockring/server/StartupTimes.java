package io.stockring.server;

import java.lang.management.ManagementFactory;

/**
 * Where a start-up's time went, for the log's {@code event=started} line: the JVM's own start
 * (from process launch to {@code main}: class loading, the launcher's JVM flags) and then each
 * step of {@link StockringServer#start} in milliseconds. The restart bench reads it.
 */
final class StartupTimes
{
    private final StringBuilder steps = new StringBuilder();
    private final long jvmMs;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;

    StartupTimes()
    {
        jvmMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    void mark(final String step)
    {
        final long now = System.nanoTime();
        steps.append(' ').append(step).append("Ms=").append((now - lastNanos) / 1_000_000);
        lastNanos = now;
    }

    @Override
    public String toString()
    {
        return "jvmMs=" + jvmMs + steps + " totalMs=" + (jvmMs + (lastNanos - startNanos) / 1_000_000);
    }
}
