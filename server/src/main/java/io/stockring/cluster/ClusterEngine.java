package io.stockring.cluster;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerReads;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.request.CommandRequests;
import io.stockring.engine.CommandCallback;
import io.stockring.engine.CommandSlot;
import io.stockring.engine.Engine;
import io.stockring.engine.EngineConfig;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gRPC edge of one cluster node: the same {@link Engine} the services use in single-node
 * mode, whose commands go into the cluster and whose reads see this node's replica.
 *
 * <p>One thread ({@code stockring-cluster-client}) owns an {@link AeronCluster} client: it takes
 * submitted commands from a queue, offers them to the leader (Aeron's client finds it, so a
 * follower's edge needs no forwarding protocol of its own), polls the egress and completes each
 * command's callback with the committed outcome. A command not answered when a new leader is
 * elected, or when the client had to reconnect, is offered again with the same request id: the
 * ledger's idempotency record answers it with its first outcome if the old leader had committed
 * it. One not answered within {@link #COMMAND_TIMEOUT_MS} is answered {@link ResultCode#NO_LEADER}:
 * its outcome is unknown, as after a lost connection, and the caller retries with the same id.
 */
public final class ClusterEngine implements Engine
{
    private static final Logger LOG = LoggerFactory.getLogger(ClusterEngine.class);
    static final long COMMAND_TIMEOUT_MS = 5_000;
    private static final int QUEUE_CAPACITY = 65_536;

    private final LedgerClusteredService service;
    private final Ledger ledger;
    private final LedgerReads reads;
    private final CommandRequests requests;
    private final String ingressEndpoints;
    private final String aeronDir;
    private final ManyToOneConcurrentArrayQueue<Pending> submitted = new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private final ClusterNode node;
    /** The node this engine started and stops; null when it was given one. */
    private ClusterNode ownedNode;
    private volatile boolean running = true;
    private volatile boolean connected;

    /** A command between its submission and its outcome; owned by the client thread once queued. */
    private static final class Pending
    {
        final CommandSlot slot;
        final CommandCallback callback;
        final long deadlineNs;
        long correlationId;

        Pending(final CommandSlot slot, final CommandCallback callback, final long deadlineNs)
        {
            this.slot = slot;
            this.callback = callback;
            this.deadlineNs = deadlineNs;
        }
    }

    /**
     * Starts this node (Aeron driver, archive, consensus module, the ledger service) and its
     * edge; the engine owns the node and stops it on {@link #close()}. Returns once the ledger is
     * loaded (from the latest snapshot, or empty); the log after it is then replayed in the
     * background, and the reads show it catching up.
     */
    public static ClusterEngine start(final ClusterNode.Settings settings, final EngineConfig config) throws IOException
    {
        final LedgerClusteredService service = new LedgerClusteredService(settings.dataDir().resolve("ledger"),
            config.capacity(), config.eventListener(), config.requestRetentionMs(), config.reservationRetentionMs(),
            config.purgeLimitPerTick(), config.expireBatch(), config.expireTickMs());
        final ClusterNode node = ClusterNode.start(settings, service);
        try
        {
            final ClusterEngine engine = new ClusterEngine(node, service.started().get(10, TimeUnit.MINUTES),
                config.requestRetentionMs());
            engine.ownedNode = node;
            return engine;
        }
        catch (final ExecutionException e)
        {
            node.close();
            throw new IOException("the cluster node could not load its ledger: " + e.getCause(), e.getCause());
        }
        catch (final InterruptedException | TimeoutException e)
        {
            node.close();
            throw new IOException("the cluster node did not load its ledger in 10 minutes", e);
        }
    }

    /** For a node started in this JVM: its client uses the node's media driver. */
    public ClusterEngine(final ClusterNode node, final Ledger ledger, final long requestRetentionMs)
    {
        this.node = node;
        this.service = node.service();
        this.aeronDir = node.aeronDirectoryName();
        final String ingressEndpoints = node.settings().ingressEndpoints();
        this.ledger = ledger;
        this.reads = new LedgerReads(ledger);
        this.requests = new CommandRequests(ledger.catalog(), requestRetentionMs);
        this.ingressEndpoints = ingressEndpoints;
        this.thread = new Thread(new Client(), "stockring-cluster-client");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public CommandRequests requests()
    {
        return requests;
    }

    @Override
    public ResultCode submit(final CommandSlot request, final CommandCallback callback)
    {
        if (!running)
        {
            return ResultCode.SHUTTING_DOWN;
        }
        // The template is the caller's; the client thread reads it later, so it gets its own copy.
        final CommandSlot copy = new CommandSlot();
        copy.copyInputFrom(request);
        return submitted.offer(new Pending(copy, callback, System.nanoTime() +
            TimeUnit.MILLISECONDS.toNanos(COMMAND_TIMEOUT_MS))) ? ResultCode.OK : ResultCode.RING_FULL;
    }

    @Override
    public Catalog catalog()
    {
        return ledger.catalog();
    }

    @Override
    public LedgerReads reads()
    {
        return reads;
    }

    @Override
    public Ledger ledger()
    {
        return ledger;
    }

    @Override
    public long nowMs()
    {
        return System.currentTimeMillis();
    }

    /** Verifies this node's replica on the service's thread, between two commands. */
    @Override
    public CompletableFuture<LedgerVerifier.Report> verify()
    {
        return service.onServiceThread(machine -> LedgerVerifier.verify(machine.ledger()));
    }

    /**
     * Asks the cluster for a snapshot and completes when this node has written it (every member
     * writes one at the same log position). Only the leader can ask: on a
     * follower the outcome is {@link ResultCode#NO_LEADER} (ask the leader's node).
     */
    @Override
    public CompletableFuture<Outcome> checkpoint()
    {
        final CompletableFuture<Long> taken = service.nextSnapshot();
        if (!node.requestSnapshot())
        {
            return CompletableFuture.completedFuture(Outcome.of(ResultCode.NO_LEADER));
        }
        return taken.thenApply(seq -> new Outcome(ResultCode.OK, seq, seq));
    }

    @Override
    public boolean isHealthy()
    {
        return running && !service.isHalted();
    }

    /** Whether the client is connected to a leader now. */
    public boolean isConnected()
    {
        return connected;
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (ownedNode != null)
        {
            ownedNode.close();
        }
    }

    public LedgerClusteredService service()
    {
        return service;
    }

    /** The node this engine started, or null when it was given one. */
    public ClusterNode node()
    {
        return ownedNode;
    }

    /** The client thread: connect, offer, poll, retry, time out. */
    private final class Client implements Runnable, EgressListener
    {
        private final Long2ObjectHashMap<Pending> inFlight = new Long2ObjectHashMap<>();
        private final List<Pending> unsent = new ArrayList<>();
        private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(ClusterMessages.MAX_COMMAND_BYTES));
        private final ClusterMessages messages = new ClusterMessages();
        private final IdleStrategy idle = ClusterNode.idle().get();
        private AeronCluster cluster;
        private long nextCorrelationId = 1;
        private boolean resend;
        private long nextTimeoutCheckNs;

        @Override
        public void run()
        {
            while (running)
            {
                try
                {
                    if (cluster == null || cluster.isClosed())
                    {
                        connect();
                    }
                    int work = 0;
                    if (cluster != null)
                    {
                        work += cluster.pollEgress();
                        if (resend)
                        {
                            resend = false;
                            unsent.addAll(inFlight.values());
                            inFlight.clear();
                        }
                        work += drainSubmitted();
                        work += offerUnsent();
                        cluster.sendKeepAlive();
                    }
                    else
                    {
                        drainSubmitted();
                    }
                    timeOut();
                    idle.idle(work);
                }
                catch (final RuntimeException e)
                {
                    LOG.warn("event=cluster_client_error error=\"{}\": reconnecting", e.toString());
                    CloseHelper.quietClose(cluster);
                    cluster = null;
                    connected = false;
                    sleep(100);
                }
            }
            failAll(ResultCode.SHUTTING_DOWN);
            CloseHelper.quietClose(cluster);
        }

        private void connect()
        {
            CloseHelper.quietClose(cluster);
            cluster = null;
            connected = false;
            try
            {
                cluster = AeronCluster.connect(new AeronCluster.Context()
                    .aeronDirectoryName(aeronDir)
                    .egressListener(this)
                    .ingressChannel("aeron:udp")
                    .ingressEndpoints(ingressEndpoints)
                    .egressChannel("aeron:udp?endpoint=localhost:0")
                    .messageTimeoutNs(TimeUnit.SECONDS.toNanos(2)));
                connected = true;
                resend = true;
                LOG.info("event=cluster_client_connected leader={}", cluster.leaderMemberId());
            }
            catch (final RuntimeException e)
            {
                LOG.debug("event=cluster_client_connect_failed error=\"{}\"", e.toString());
                cluster = null;
                sleep(50);
            }
        }

        private int drainSubmitted()
        {
            return submitted.drain(unsent::add, 256);
        }

        private int offerUnsent()
        {
            int sent = 0;
            while (!unsent.isEmpty())
            {
                final Pending p = unsent.get(unsent.size() - 1);
                if (p.correlationId == 0)
                {
                    p.correlationId = nextCorrelationId++;
                }
                final int length = messages.encodeCommand(p.correlationId, p.slot, buffer);
                if (cluster.offer(buffer, 0, length) < 0)
                {
                    break; // back-pressure or no leader now: offered again on the next turn
                }
                unsent.remove(unsent.size() - 1);
                inFlight.put(p.correlationId, p);
                sent++;
            }
            return sent;
        }

        @Override
        public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer b, final int offset,
            final int length, final Header header)
        {
            final ResultCode result;
            try
            {
                result = ClusterMessages.outcomeResult(b, offset, length);
            }
            catch (final IllegalArgumentException e)
            {
                LOG.warn("event=cluster_outcome_unreadable error=\"{}\"", e.toString());
                return;
            }
            final Pending p = result == null ? null : inFlight.remove(ClusterMessages.correlationId(b, offset, length));
            if (p != null)
            {
                p.slot.result = result;
                p.slot.resultValue = ClusterMessages.outcomeValue(b, offset);
                p.slot.seq = ClusterMessages.outcomeSeq(b, offset);
                complete(p);
            }
        }

        @Override
        public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
            final String ingressEndpoints)
        {
            LOG.info("event=cluster_new_leader leader={} term={} inFlight={}", leaderMemberId, leadershipTermId,
                inFlight.size());
            resend = true;
        }

        private void timeOut()
        {
            final long now = System.nanoTime();
            if (now - nextTimeoutCheckNs < 0)
            {
                return;
            }
            nextTimeoutCheckNs = now + TimeUnit.MILLISECONDS.toNanos(50);
            final var it = inFlight.values().iterator();
            while (it.hasNext())
            {
                if (expired(it.next(), now))
                {
                    it.remove();
                }
            }
            unsent.removeIf(p -> expired(p, now));
        }

        private boolean expired(final Pending p, final long now)
        {
            if (now - p.deadlineNs < 0)
            {
                return false;
            }
            p.slot.result = ResultCode.NO_LEADER;
            complete(p);
            return true;
        }

        private void failAll(final ResultCode rc)
        {
            drainSubmitted();
            for (final Pending p : inFlight.values())
            {
                p.slot.result = rc;
                complete(p);
            }
            inFlight.clear();
            for (final Pending p : unsent)
            {
                p.slot.result = rc;
                complete(p);
            }
            unsent.clear();
        }

        private void complete(final Pending p)
        {
            try
            {
                p.callback.onComplete(p.slot);
            }
            catch (final Throwable t)
            {
                LOG.error("event=callback_failed requestId={} error=\"{}\"", p.slot.requestId(), t.toString(), t);
            }
        }

        private void sleep(final long ms)
        {
            try
            {
                Thread.sleep(ms);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
