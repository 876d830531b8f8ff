package io.stockring.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.stockring.core.command.Command;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.StockEventListener;
import io.stockring.core.ledger.StockStateMachine;
import io.stockring.core.recovery.SnapshotStore;
import io.stockring.core.request.CommandRequests;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * The replicated ledger: every node runs one, and Aeron Cluster calls it with the committed log
 * in order, on one thread. It takes the place of the single-node engine's ring and journal (the
 * log is the journal) and applies each command with the same {@link StockStateMachine}.
 *
 * <ul>
 *   <li><b>Deterministic.</b> A command's seq is the ledger's next one and its time is the log's
 *       timestamp (cluster time, milliseconds), so every node computes the same ledger. Expiry
 *       and purges run as EXPIRE_DUE ticks fired by one cluster timer, which is in the log too.</li>
 *   <li><b>Idempotent.</b> A command committed twice (a client retried it after a failover)
 *       finds its request id in the ledger and answers its first outcome.</li>
 *   <li><b>Snapshots</b> hold the ledger's files ({@link LedgerSnapshot}); at start the ledger
 *       directory is rebuilt from the latest snapshot and the log after it, never reused: what
 *       is on disk from an earlier run may be ahead of or beside the log.</li>
 * </ul>
 *
 * Work for the service's thread from other threads (verify, state hash) is queued and run in
 * {@link #doBackgroundWork}, between two commands.
 */
public final class LedgerClusteredService implements ClusteredService
{
    private static final Logger LOG = LoggerFactory.getLogger(LedgerClusteredService.class);
    private static final long EXPIRY_TIMER = 1;

    private final Path ledgerDir;
    private final LedgerCapacity capacity;
    private final StockEventListener events;
    private final long requestRetentionMs;
    private final long reservationRetentionMs;
    private final int purgeLimitPerTick;
    private final int expireBatch;
    private final long expireTickMs;
    private final ClusterMessages messages = new ClusterMessages();
    private final Command command = new Command();
    private final UnsafeBuffer outcome = new UnsafeBuffer(ByteBuffer.allocateDirect(ClusterMessages.OUTCOME_BYTES));
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Ledger> started = new CompletableFuture<>();
    /** Completed with the applied seq by the next snapshot (see {@link #nextSnapshot()}). */
    private volatile CompletableFuture<Long> nextSnapshot = new CompletableFuture<>();

    private Cluster cluster;
    private Ledger ledger;
    private StockStateMachine machine;
    private long expiryDeadlineMs = Long.MAX_VALUE;
    private boolean halted;
    private volatile long appliedLogPosition;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private volatile long lastSnapshotNanos;
    private volatile long lastSnapshotBytes;

    public LedgerClusteredService(final Path ledgerDir, final LedgerCapacity capacity, final StockEventListener events,
        final long requestRetentionMs, final long reservationRetentionMs, final int purgeLimitPerTick,
        final int expireBatch, final long expireTickMs)
    {
        this.ledgerDir = ledgerDir;
        this.capacity = capacity;
        this.events = events;
        this.requestRetentionMs = requestRetentionMs;
        this.reservationRetentionMs = reservationRetentionMs;
        this.purgeLimitPerTick = purgeLimitPerTick;
        this.expireBatch = expireBatch;
        this.expireTickMs = expireTickMs;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        try
        {
            SnapshotStore.deleteTree(ledgerDir);
            boolean recover = false;
            if (snapshotImage != null)
            {
                final long start = System.nanoTime();
                final LedgerSnapshot.Words words = LedgerSnapshot.read(snapshotImage, ledgerDir, cluster.idleStrategy());
                expiryDeadlineMs = words.expiryDeadlineMs();
                recover = true;
                LOG.info("event=cluster_snapshot_loaded appliedSeq={} durationMs={}", words.appliedSeq(),
                    (System.nanoTime() - start) / 1_000_000);
            }
            ledger = Ledger.open(ledgerDir, capacity, recover);
            machine = new StockStateMachine(ledger, events, requestRetentionMs, reservationRetentionMs,
                purgeLimitPerTick);
            machine.rebuildIndexes();
            started.complete(ledger);
        }
        catch (final IOException | RuntimeException e)
        {
            started.completeExceptionally(e);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException)e;
        }
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        final long correlationId = ClusterMessages.correlationId(buffer, offset, length);
        final ResultCode result;
        if (!messages.decodeCommand(buffer, offset, length, command) || !command.type.isJournaled() ||
            command.type == CommandType.EXPIRE_DUE)
        {
            // The edge validated it; garbage here is a foreign or broken client. Nothing is applied.
            result = ResultCode.INTERNAL_ERROR;
            command.resultValue = 0;
            command.seq = 0;
        }
        else
        {
            result = apply(timestamp);
        }
        appliedLogPosition = header.position();
        reply(session, correlationId, result);
        scheduleExpiry(timestamp);
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        if (correlationId != EXPIRY_TIMER)
        {
            return;
        }
        expiryDeadlineMs = Long.MAX_VALUE;
        CommandRequests.expireDue(command, expireBatch);
        apply(timestamp);
        scheduleExpiry(timestamp);
    }

    private ResultCode apply(final long timestamp)
    {
        if (halted)
        {
            return ResultCode.INTERNAL_ERROR;
        }
        command.seq = machine.appliedSeq() + 1;
        command.timestampMs = timestamp;
        try
        {
            machine.apply(command);
            return command.result;
        }
        catch (final Throwable t)
        {
            // Every node meets the same command in the same state: each halts here alike.
            halted = true;
            LOG.error("event=service_halted seq={} type={} requestId={} error=\"{}\": no further command is applied",
                command.seq, command.type, command.requestId(), t.toString(), t);
            return ResultCode.INTERNAL_ERROR;
        }
    }

    /** One timer, rescheduled when the ledger's next due time moves earlier or the timer fired. */
    private void scheduleExpiry(final long timestamp)
    {
        if (halted)
        {
            return;
        }
        final long due = machine.nextDueMs();
        if (due == Long.MAX_VALUE || due >= expiryDeadlineMs)
        {
            return;
        }
        // Not more often than the single-node engine ticks: a backlog drains one batch per tick.
        final long deadline = Math.max(due, timestamp + expireTickMs);
        if (deadline >= expiryDeadlineMs)
        {
            return;
        }
        while (!cluster.scheduleTimer(EXPIRY_TIMER, deadline))
        {
            cluster.idleStrategy().idle();
        }
        expiryDeadlineMs = deadline;
    }

    private void reply(final ClientSession session, final long correlationId, final ResultCode result)
    {
        if (session == null)
        {
            return;
        }
        ClusterMessages.encodeOutcome(outcome, correlationId, result, command.resultValue, command.seq);
        final var idle = cluster.idleStrategy();
        idle.reset();
        long sent;
        while ((sent = session.offer(outcome, 0, ClusterMessages.OUTCOME_BYTES)) < 0)
        {
            if (sent == Publication.CLOSED || sent == Publication.NOT_CONNECTED ||
                sent == Publication.MAX_POSITION_EXCEEDED)
            {
                return; // The client is gone; its retry gets the same outcome from the request id.
            }
            idle.idle();
        }
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        final long start = System.nanoTime();
        try
        {
            ledger.force();
            lastSnapshotBytes = LedgerSnapshot.write(snapshotPublication, ledgerDir,
                new LedgerSnapshot.Words(machine.appliedSeq(), expiryDeadlineMs), cluster.idleStrategy());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        lastSnapshotNanos = System.nanoTime() - start;
        final CompletableFuture<Long> taken = nextSnapshot;
        nextSnapshot = new CompletableFuture<>();
        taken.complete(machine.appliedSeq());
        LOG.info("event=cluster_snapshot appliedSeq={} bytes={} durationMs={}", machine.appliedSeq(), lastSnapshotBytes,
            lastSnapshotNanos / 1_000_000);
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
        LOG.info("event=cluster_role role={}", newRole);
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        close();
    }

    @Override
    public int doBackgroundWork(final long nowNs)
    {
        int work = 0;
        Runnable task;
        while ((task = tasks.poll()) != null)
        {
            task.run();
            work++;
        }
        return work;
    }

    /** Runs {@code query} on the service's thread between two commands, against its state machine. */
    public <T> CompletableFuture<T> onServiceThread(final Function<StockStateMachine, T> query)
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() ->
        {
            try
            {
                result.complete(query.apply(machine));
            }
            catch (final Throwable t)
            {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * A hash of the replicated state that does not depend on the order a map is walked in: the
     * applied seq, every stock entry's levels and policy, every reservation's state and lines.
     * Two nodes that applied the same log have the same hash (run on the service's thread).
     */
    public static long stateHash(final StockStateMachine machine)
    {
        final long before = machine.appliedSeq() + 1;
        final long[] sum = {mix(machine.appliedSeq())};
        machine.ledger().forEachStock(before, e -> sum[0] += mix(e.key() ^ mix(e.onHand) ^ mix(e.reserved * 31) ^
            mix(e.inTransit * 37) ^ mix(e.safetyStock * 41) ^ mix(e.reorderPoint * 43) ^ mix(e.shippedTotal * 47)));
        machine.ledger().forEachReservation(before, r ->
        {
            long h = mix(r.id) ^ mix(r.expiresAtMs * 53) ^ mix(r.state.ordinal() * 59L);
            for (int i = 0; i < r.lineCount; i++)
            {
                h ^= mix(r.lineKeys[i] * 61 + i) ^ mix(r.lineQuantities[i] * 67 + i);
            }
            sum[0] += mix(h);
        });
        return sum[0];
    }

    /** SplitMix64's finaliser: a cheap, well-spread 64-bit mix. */
    private static long mix(final long value)
    {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Completes, with the applied seq it holds, when this node next writes a snapshot. */
    public CompletableFuture<Long> nextSnapshot()
    {
        return nextSnapshot;
    }

    /** Completes with the ledger once it is loaded (from a snapshot or empty), before the log is replayed. */
    public CompletableFuture<Ledger> started()
    {
        return started;
    }

    public long appliedSeq()
    {
        final StockStateMachine m = machine;
        return m == null ? 0 : m.appliedSeq();
    }

    /** The log position of the last command this node applied. */
    public long appliedLogPosition()
    {
        return appliedLogPosition;
    }

    public Cluster.Role role()
    {
        return role;
    }

    public boolean isHalted()
    {
        return halted;
    }

    public long lastSnapshotNanos()
    {
        return lastSnapshotNanos;
    }

    public long lastSnapshotBytes()
    {
        return lastSnapshotBytes;
    }

    void close()
    {
        if (ledger != null)
        {
            try
            {
                ledger.close();
            }
            catch (final IOException e)
            {
                LOG.error("event=ledger_close_failed error=\"{}\"", e.toString());
            }
            ledger = null;
        }
    }
}
