package io.stockring.server.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts and logs refusals. The counter {@code stockring_security_denials_total} is labelled by
 * reason, method (the server's own methods: bounded) and principal (the configured names, or
 * {@code unauthenticated}: bounded). Each counter is looked up in the registry once and cached.
 *
 * <p>Log lines ({@code event=denied ...}) name the caller, its address, the method and why; never
 * a token or a header. A flood must not become a flood of log lines: each principal (and all
 * unauthenticated callers together) gets at most one line per second, which says how many
 * refusals it stands for ({@code suppressed}).
 */
final class Denials
{
    static final String METER = "stockring.security.denials";
    static final String UNAUTHENTICATED = "unauthenticated";
    private static final Logger LOG = LoggerFactory.getLogger("io.stockring.server.security.Denials");
    private static final long LOG_EVERY_MS = 1_000;

    private static final DenialReason[] REASONS = DenialReason.values();

    private final MeterRegistry registry;
    private final Set<String> principals;
    /** Index of each principal's counters; the last index is for unauthenticated callers. */
    private final java.util.Map<String, Integer> principalIndex;
    /** By method: [reason][principal], filled as denials happen (no allocation once a counter exists). */
    private final ConcurrentHashMap<String, Counter[][]> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Sampler> samplers = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /** One log line per second per caller, and how many it left out. */
    private static final class Sampler
    {
        final AtomicLong nextLogMs = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }

    /** @param registry null when metrics are off */
    Denials(final MeterRegistry registry, final Set<String> principals)
    {
        this.registry = registry;
        this.principals = Set.copyOf(principals);
        final java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (final String p : new java.util.TreeSet<>(principals))
        {
            index.put(p, index.size());
        }
        this.principalIndex = java.util.Map.copyOf(index);
    }

    void deny(final Denial denial, final String method, final Principal principal, final String peer)
    {
        total.incrementAndGet();
        final String who = principal == null || !principals.contains(principal.name()) ? UNAUTHENTICATED :
            principal.name();
        if (registry != null)
        {
            counter(denial.reason(), method, who).increment();
        }
        final Sampler s = samplers.computeIfAbsent(who, k -> new Sampler());
        final long now = System.currentTimeMillis();
        final long next = s.nextLogMs.get();
        if (now >= next && s.nextLogMs.compareAndSet(next, now + LOG_EVERY_MS))
        {
            final long suppressed = s.suppressed.getAndSet(0);
            LOG.warn("event=denied reason={} method={} principal={} channel={} peer={} detail=\"{}\" suppressed={}",
                denial.reason().label(), method, who, principal == null || principal.channel() == null ? "-" :
                principal.channel(), peer, denial.detail().replace('"', '\''), suppressed);
        }
        else
        {
            s.suppressed.incrementAndGet();
        }
    }

    private Counter counter(final DenialReason reason, final String method, final String who)
    {
        final Counter[][] byReason = counters.computeIfAbsent(method,
            m -> new Counter[REASONS.length][principalIndex.size() + 1]);
        final int p = principalIndex.getOrDefault(who, principalIndex.size());
        Counter c = byReason[reason.ordinal()][p];
        if (c == null)
        {
            // Racing threads register the same meter: the registry hands both the same counter.
            c = Counter.builder(METER)
                .description("Calls (and ReserveStream items) refused by authentication, authorization or a " +
                    "channel limit")
                .tag("reason", reason.label())
                .tag("method", method)
                .tag("principal", who)
                .register(registry);
            byReason[reason.ordinal()][p] = c;
        }
        return c;
    }

    /** Refusals since start (tests). */
    long total()
    {
        return total.get();
    }
}
