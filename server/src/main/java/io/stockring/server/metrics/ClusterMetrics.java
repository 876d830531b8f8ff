package io.stockring.server.metrics;

import io.aeron.cluster.service.Cluster;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockring.cluster.ClusterEngine;
import io.stockring.cluster.LedgerClusteredService;

/**
 * Replicated mode, per node: its role, how far its ledger has applied the log, whether its edge
 * reaches a leader, and what the last snapshot cost (it blocks the cluster while it runs).
 * The alert rules compare these across the nodes of one cluster (ops/alerts).
 */
final class ClusterMetrics
{
    private ClusterMetrics()
    {
    }

    static void bind(final MeterRegistry registry, final ClusterEngine engine)
    {
        final LedgerClusteredService service = engine.service();
        Gauge.builder("stockring.cluster.role", service, s -> s.role().code())
            .description("This node's role: 0 follower, 1 candidate, 2 leader").register(registry);
        Gauge.builder("stockring.cluster.leader", service, s -> s.role() == Cluster.Role.LEADER ? 1 : 0)
            .description("1 on the leader, 0 elsewhere: the sum over a cluster's nodes must be 1").register(registry);
        Gauge.builder("stockring.cluster.applied.seq", service, LedgerClusteredService::appliedSeq)
            .description("Commands this node's ledger has applied: equal on every node once they caught up")
            .register(registry);
        Gauge.builder("stockring.cluster.applied.log.position", service, LedgerClusteredService::appliedLogPosition)
            .description("The log position of the last command this node applied").baseUnit("bytes")
            .register(registry);
        Gauge.builder("stockring.cluster.client.connected", engine, e -> e.isConnected() ? 1 : 0)
            .description("1 while this node's gRPC edge is connected to a leader").register(registry);
        Gauge.builder("stockring.cluster.snapshot.last.duration", service, s -> s.lastSnapshotNanos() / 1e9)
            .description("How long the last snapshot blocked the cluster").baseUnit("seconds").register(registry);
        Gauge.builder("stockring.cluster.snapshot.last.size", service, LedgerClusteredService::lastSnapshotBytes)
            .description("Ledger bytes in the last snapshot (zero chunks left out)").baseUnit("bytes")
            .register(registry);
    }
}
