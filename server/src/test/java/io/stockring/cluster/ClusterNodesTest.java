package io.stockring.cluster;

import io.aeron.cluster.service.Cluster;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.StockEventListener;
import io.stockring.engine.Engine.Line;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three nodes in this JVM on loopback: commands through any node, the same ledger on all. */
class ClusterNodesTest
{
    private static final int BASE_PORT = 20_000 + (int)(ProcessHandle.current().pid() % 50) * 300;
    private static final List<String> MEMBERS = List.of("127.0.0.1:" + BASE_PORT, "127.0.0.1:" + (BASE_PORT + 100),
        "127.0.0.1:" + (BASE_PORT + 200));

    @TempDir
    Path dir;

    private final ClusterNode[] nodes = new ClusterNode[3];
    private final ClusterEngine[] engines = new ClusterEngine[3];

    @AfterEach
    void stop()
    {
        for (int i = 0; i < 3; i++)
        {
            stop(i);
        }
    }

    private void stop(final int i)
    {
        if (engines[i] != null)
        {
            engines[i].close();
            engines[i] = null;
        }
        if (nodes[i] != null)
        {
            nodes[i].close();
            nodes[i] = null;
        }
    }

    private void start(final int i) throws Exception
    {
        final LedgerClusteredService service = new LedgerClusteredService(dir.resolve("node-" + i).resolve("ledger"),
            LedgerCapacity.small(), StockEventListener.NONE, TimeUnit.HOURS.toMillis(24), TimeUnit.HOURS.toMillis(24),
            1_000, 1_000, 100);
        nodes[i] = ClusterNode.start(new ClusterNode.Settings(i, MEMBERS, dir.resolve("node-" + i), 0, 1_000, 5_000),
            service);
        engines[i] = new ClusterEngine(nodes[i], service.started().get(30, TimeUnit.SECONDS),
            TimeUnit.HOURS.toMillis(24));
    }

    private static Outcome ok(final java.util.concurrent.CompletableFuture<Outcome> f) throws Exception
    {
        final Outcome o = f.get(20, TimeUnit.SECONDS);
        assertEquals(ResultCode.OK, o.code(), o.toString());
        return o;
    }

    @Test
    void everyNodeAppliesTheSameLogAndAFollowerTakesCommands() throws Exception
    {
        for (int i = 0; i < 3; i++)
        {
            start(i);
        }
        final int follower = awaitLeader() == 0 ? 1 : 0;
        final ClusterEngine edge = engines[follower];
        ok(edge.upsertLocation("loc-cw", "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, null));
        ok(edge.upsertItem("item-1", "GIFT-1", "Mug", "home"));
        awaitCatalog(edge, "GIFT-1");
        ok(edge.receive("recv-1", "GIFT-1", "CW", 10));
        final List<Long> ids = new ArrayList<>();
        for (int n = 0; n < 10; n++)
        {
            ids.add(ok(edge.reserve("r-" + n, "app", List.of(new Line("GIFT-1", "CW", 1)), 60_000)).value());
        }
        final Outcome refused = edge.reserve("r-11", "app", List.of(new Line("GIFT-1", "CW", 1)), 60_000)
            .get(20, TimeUnit.SECONDS);
        assertEquals(ResultCode.INSUFFICIENT_STOCK, refused.code());
        // A retry of a committed command gets its first outcome.
        assertEquals(ids.get(3), ok(engines[2].reserve("r-3", "app", List.of(new Line("GIFT-1", "CW", 1)), 60_000))
            .value());
        assertSameStateOnAllNodes();
    }

    @Test
    void losingTheLeaderLosesNothingAcknowledgedAndTheOthersGoOn() throws Exception
    {
        for (int i = 0; i < 3; i++)
        {
            start(i);
        }
        final int leader = awaitLeader();
        final int other = (leader + 1) % 3;
        ok(engines[other].upsertLocation("loc-cw", "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, null));
        ok(engines[other].upsertItem("item-1", "GIFT-1", "Mug", "home"));
        awaitCatalog(engines[other], "GIFT-1");
        ok(engines[other].receive("recv-1", "GIFT-1", "CW", 100));
        final List<Long> acknowledged = new ArrayList<>();
        for (int n = 0; n < 20; n++)
        {
            acknowledged.add(ok(engines[other].reserve("r-" + n, "app", List.of(new Line("GIFT-1", "CW", 1)), 600_000))
                .value());
        }

        final long killed = System.nanoTime();
        stop(leader);
        // The next command waits out the election on the client's side and is answered by the new leader.
        ok(engines[other].reserve("r-after", "app", List.of(new Line("GIFT-1", "CW", 1)), 600_000));
        final long failoverMs = (System.nanoTime() - killed) / 1_000_000;
        assertTrue(failoverMs < 5_000, "answered again after " + failoverMs + " ms");
        for (final long id : acknowledged)
        {
            assertTrue(engines[other].reservation(id).isPresent(), "reservation " + id + " lost");
        }

        start(leader);
        assertSameStateOnAllNodes();
        assertEquals(79, engines[leader].stock("GIFT-1", "CW").orElseThrow().available());
    }

    @Test
    void aWholeClusterRestartFromSnapshotAndLogGivesTheSameLedger() throws Exception
    {
        for (int i = 0; i < 3; i++)
        {
            start(i);
        }
        final int leader = awaitLeader();
        ok(engines[leader].upsertLocation("loc-cw", "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, null));
        ok(engines[leader].upsertItem("item-1", "GIFT-1", "Mug", "home"));
        ok(engines[leader].receive("recv-1", "GIFT-1", "CW", 50));
        for (int n = 0; n < 5; n++)
        {
            ok(engines[leader].reserve("r-" + n, "app", List.of(new Line("GIFT-1", "CW", 2)), 600_000));
        }
        // Checkpoint through the edge: refused on a follower, taken on the leader.
        assertEquals(ResultCode.NO_LEADER, engines[(leader + 1) % 3].checkpoint().get(10, TimeUnit.SECONDS).code());
        assertEquals(8, ok(engines[leader].checkpoint()).value(), "the snapshot's seq");
        assertTrue(nodes[leader].service().lastSnapshotBytes() > 0, "no snapshot taken");
        // Commands after the snapshot are replayed from the log at the restart.
        ok(engines[leader].reserve("r-late", "app", List.of(new Line("GIFT-1", "CW", 3)), 600_000));
        assertSameStateOnAllNodes();
        final long before = nodes[0].service().onServiceThread(LedgerClusteredService::stateHash).get(10, TimeUnit.SECONDS);

        for (int i = 0; i < 3; i++)
        {
            stop(i);
        }
        for (int i = 0; i < 3; i++)
        {
            start(i);
        }
        awaitLeader();
        final long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (nodes[0].service().appliedSeq() < 9 && System.nanoTime() < deadline2)
        {
            Thread.sleep(10);
        }
        assertSameStateOnAllNodes();
        assertEquals(before, nodes[0].service().onServiceThread(LedgerClusteredService::stateHash)
            .get(10, TimeUnit.SECONDS));
        assertEquals(37, engines[1].stock("GIFT-1", "CW").orElseThrow().available());
    }

    @Test
    void aFollowerWhoseDiskWasLostRejoinsFromTheOthers() throws Exception
    {
        for (int i = 0; i < 3; i++)
        {
            start(i);
        }
        final int leader = awaitLeader();
        final int lost = (leader + 1) % 3;
        ok(engines[leader].upsertLocation("loc-cw", "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, null));
        ok(engines[leader].upsertItem("item-1", "GIFT-1", "Mug", "home"));
        ok(engines[leader].receive("recv-1", "GIFT-1", "CW", 40));
        assertTrue(nodes[leader].requestSnapshot());
        for (int n = 0; n < 5; n++)
        {
            ok(engines[leader].reserve("r-" + n, "app", List.of(new Line("GIFT-1", "CW", 1)), 600_000));
        }
        stop(lost);
        io.stockring.core.recovery.SnapshotStore.deleteTree(dir.resolve("node-" + lost));
        ok(engines[leader].reserve("r-while-away", "app", List.of(new Line("GIFT-1", "CW", 1)), 600_000));
        start(lost);
        assertSameStateOnAllNodes();
        assertEquals(34, engines[lost].stock("GIFT-1", "CW").orElseThrow().available());
    }

    private int awaitLeader() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            for (int i = 0; i < 3; i++)
            {
                if (nodes[i] != null && nodes[i].role() == Cluster.Role.LEADER)
                {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no leader within 30 s");
    }

    private static void awaitCatalog(final ClusterEngine edge, final String sku) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (edge.catalog().item(sku) == null && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
    }

    private void assertSameStateOnAllNodes() throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long[] seqs;
        do
        {
            seqs = new long[3];
            for (int i = 0; i < 3; i++)
            {
                seqs[i] = nodes[i] == null ? -1 : nodes[i].service().appliedSeq();
            }
            Thread.sleep(10);
        }
        while ((seqs[0] != seqs[1] || seqs[1] != seqs[2]) && System.nanoTime() < deadline);
        assertTrue(seqs[0] == seqs[1] && seqs[1] == seqs[2], () -> "applied seqs differ");
        final long hash = nodes[0].service().onServiceThread(LedgerClusteredService::stateHash).get(10, TimeUnit.SECONDS);
        for (int i = 1; i < 3; i++)
        {
            assertEquals(hash, nodes[i].service().onServiceThread(LedgerClusteredService::stateHash)
                .get(10, TimeUnit.SECONDS), "node " + i + "'s state hash");
        }
        for (int i = 0; i < 3; i++)
        {
            assertTrue(engines[i].verify().get(10, TimeUnit.SECONDS).isClean());
        }
    }
}
