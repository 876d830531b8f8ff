package io.stockring.bench;

import io.stockring.cluster.ClusterEngine;
import io.stockring.cluster.ClusterNode;
import io.stockring.cluster.LedgerClusteredService;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.StockEventListener;
import io.stockring.core.recovery.SnapshotStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code stockring bench cluster-snapshot [SKUS] [HELD]}: how long one Aeron snapshot of the
 * replicated ledger blocks the cluster, for a ledger of SKUS gifts and HELD held reservations
 * (each with its request record). One node (a one-member cluster: every member writes its own
 * snapshot, so this is what each of three pays), archive fsync on (sync mode).
 */
public final class ClusterSnapshotCostMain
{
    private ClusterSnapshotCostMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int skus = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int reservations = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final Path dir = Files.createTempDirectory("stockring-cluster-snapshot-cost");
        final LedgerCapacity capacity = new LedgerCapacity(Math.max(100_000, skus + 1), 16,
            Math.max(1_000_000, skus + 1), Math.max(1_000_000, reservations + 1),
            Math.max(2_000_000, 2L * skus + reservations + 1));
        final LedgerClusteredService service = new LedgerClusteredService(dir.resolve("ledger"), capacity,
            StockEventListener.NONE, 24 * 3_600_000L, 7 * 86_400_000L, 20_000, 2_000, 100);
        final ClusterNode node = ClusterNode.start(new ClusterNode.Settings(0, List.of("127.0.0.1:26000"), dir, 1, 1_000,
            2_000), service);
        try (ClusterEngine engine = new ClusterEngine(node, service.started().get(5, TimeUnit.MINUTES),
            24 * 3_600_000L))
        {
            final long fillStart = System.nanoTime();
            SnapshotCostMain.fill(engine, skus, reservations);
            System.out.printf("filled through the cluster: %d skus, %d reservations, %d commands in %.1f s%n", skus,
                reservations, service.appliedSeq(), (System.nanoTime() - fillStart) / 1e9);
            if (!node.requestSnapshot())
            {
                throw new IllegalStateException("the node is not the leader: no snapshot requested");
            }
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (service.lastSnapshotBytes() == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            System.out.printf("Aeron snapshot: the service blocked %d ms writing %.1f MB of ledger (zero chunks " +
                "left out)%n", service.lastSnapshotNanos() / 1_000_000, service.lastSnapshotBytes() / 1048576.0);
        }
        finally
        {
            node.close();
            SnapshotStore.deleteTree(dir);
        }
    }
}
