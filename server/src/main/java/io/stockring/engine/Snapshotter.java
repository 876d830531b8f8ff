package io.stockring.engine;

import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.recovery.SnapshotReplica;
import io.stockring.core.recovery.SnapshotStore;
import io.stockring.core.recovery.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The snapshotter thread: keeps the {@link SnapshotReplica} a few milliseconds behind the writer
 * and takes the scheduled and requested snapshots, and the verify scans, from it. The writer
 * never waits for either (docs/decisions/0015-snapshots-from-a-replica.md).
 *
 * <p>A job asked for at writer sequence {@code s} runs once the replica has applied {@code s}:
 * a checkpoint's snapshot holds everything acknowledged before it was asked for, a verify checks
 * the state those commands made. A replica that fails (a damaged journal record, a bug) stops
 * here alone: the writer goes on, snapshots stop (the checkpoint-age alert fires) and a restart
 * rebuilds the replica from the newest snapshot.
 */
final class Snapshotter implements Runnable
{
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);
    /** Records applied between looks at the jobs and the clock: a few milliseconds of replay. */
    private static final int CATCH_UP_BATCH = 4096;
    /** How long an idle snapshotter sleeps; bounds how far behind the writer it lets itself fall. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private enum Kind
    {
        SNAPSHOT,
        VERIFY
    }

    private record Job(Kind kind, long minSeq, CompletableFuture<Object> done)
    {
    }

    private final StoreConfig store;
    private final LongSupplier writerAppliedSeq;
    private final long intervalMs;
    private final long writeBytesPerSecond;
    private final ConcurrentLinkedQueue<Job> jobs = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private volatile boolean replicaMayOpen;
    private volatile boolean stopping;
    private volatile long stopAtSeq;
    private volatile boolean snapshotAtStop;
    private volatile String failure;
    private volatile long replicaAppliedSeq;
    private volatile long lastSnapshotSeq;
    private volatile long lastSnapshotAtMs;
    private volatile long lastSnapshotNanos;
    private volatile long snapshotsTaken;

    /**
     * @param intervalMs          between scheduled snapshots; 0 takes them only when asked and at stop
     * @param writeBytesPerSecond the pace of a snapshot's writes (0: unpaced)
     */
    Snapshotter(final StoreConfig store, final LongSupplier writerAppliedSeq, final long intervalMs,
        final long writeBytesPerSecond)
    {
        this.store = store;
        this.writerAppliedSeq = writerAppliedSeq;
        this.intervalMs = intervalMs;
        this.writeBytesPerSecond = writeBytesPerSecond;
        this.thread = new Thread(this, "stockring-snapshotter");
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /** Lets the thread open the replica (it waits for this, or for a stop, before anything else). */
    void openReplica()
    {
        replicaMayOpen = true;
        LockSupport.unpark(thread);
    }

    /** A snapshot holding at least every command applied by now; completes with its sequence. */
    CompletableFuture<Long> snapshot()
    {
        return submit(Kind.SNAPSHOT).thenApply(seq -> (Long)seq);
    }

    /** A verify of the state after every command applied by now. */
    CompletableFuture<LedgerVerifier.Report> verify()
    {
        return submit(Kind.VERIFY).thenApply(report -> (LedgerVerifier.Report)report);
    }

    private CompletableFuture<Object> submit(final Kind kind)
    {
        final CompletableFuture<Object> done = new CompletableFuture<>();
        final String failed = failure;
        if (failed != null || stopping)
        {
            done.completeExceptionally(new IllegalStateException(failed != null ? failed : "the engine is stopping"));
            return done;
        }
        jobs.add(new Job(kind, writerAppliedSeq.getAsLong(), done));
        LockSupport.unpark(thread);
        if (stopped.isDone())
        {
            failPending(); // it stopped between the check above and the add
        }
        return done;
    }

    /**
     * Stops once the replica has applied {@code finalSeq} (the writer has stopped there), after
     * a last snapshot if {@code snapshot}; waits up to {@code timeoutMs}.
     *
     * @return true when the replica closed cleanly (and the last snapshot, if asked, was taken)
     */
    boolean stop(final long finalSeq, final boolean snapshot, final long timeoutMs)
    {
        stopAtSeq = finalSeq;
        snapshotAtStop = snapshot;
        stopping = true;
        LockSupport.unpark(thread);
        try
        {
            stopped.get(timeoutMs, TimeUnit.MILLISECONDS);
            return failure == null;
        }
        catch (final Exception e)
        {
            LOG.error("event=snapshotter_stop_failed error=\"{}\"", e.toString());
            return false;
        }
    }

    @Override
    public void run()
    {
        SnapshotReplica replica = null;
        try
        {
            while (!replicaMayOpen && !stopping)
            {
                LockSupport.parkNanos(IDLE_NANOS);
            }
            replica = SnapshotReplica.open(store, writerAppliedSeq.getAsLong(), writeBytesPerSecond);
            replicaAppliedSeq = replica.appliedSeq();
            loop(replica);
        }
        catch (final Throwable t)
        {
            failure = "the snapshot replica failed: " + t;
            LOG.error("event=snapshotter_failed replicaAppliedSeq={} error=\"{}\": no snapshot is taken until a " +
                "restart rebuilds the replica; the writer goes on", replicaAppliedSeq, t.toString(), t);
        }
        finally
        {
            close(replica);
            failPending();
            stopped.complete(null);
        }
    }

    private void loop(final SnapshotReplica replica) throws Exception
    {
        long nextDueMs = intervalMs > 0 ? System.currentTimeMillis() + intervalMs : Long.MAX_VALUE;
        while (true)
        {
            final int applied = replica.catchUp(writerAppliedSeq.getAsLong(), CATCH_UP_BATCH);
            replicaAppliedSeq = replica.appliedSeq();
            final Job job = jobs.peek();
            if (job != null && replica.appliedSeq() >= job.minSeq())
            {
                jobs.poll();
                run(replica, job);
                continue;
            }
            if (stopping && replica.appliedSeq() >= stopAtSeq)
            {
                if (snapshotAtStop)
                {
                    snapshot(replica);
                }
                return;
            }
            if (System.currentTimeMillis() >= nextDueMs)
            {
                snapshot(replica);
                nextDueMs = System.currentTimeMillis() + intervalMs;
                continue;
            }
            if (applied == 0)
            {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    private void run(final SnapshotReplica replica, final Job job)
    {
        try
        {
            job.done().complete(job.kind() == Kind.SNAPSHOT ? snapshot(replica) : replica.verify());
        }
        catch (final Exception e)
        {
            LOG.error("event=checkpoint_failed seq={} error=\"{}\"", replica.appliedSeq(), e.toString(), e);
            job.done().completeExceptionally(e);
        }
    }

    private long snapshot(final SnapshotReplica replica) throws java.io.IOException
    {
        final long start = System.nanoTime();
        final SnapshotStore.Snapshot taken = replica.snapshot();
        final long nanos = System.nanoTime() - start;
        lastSnapshotNanos = nanos;
        lastSnapshotSeq = taken.seq();
        lastSnapshotAtMs = System.currentTimeMillis();
        snapshotsTaken++;
        LOG.info("event=checkpoint seq={} durationMs={} writerLag={} thread={}", taken.seq(), nanos / 1_000_000,
            writerAppliedSeq.getAsLong() - taken.seq(), Thread.currentThread().getName());
        return taken.seq();
    }

    private void close(final SnapshotReplica replica)
    {
        if (replica == null)
        {
            return;
        }
        try
        {
            replica.close();
        }
        catch (final Exception e)
        {
            failure = "the snapshot replica did not close: " + e;
            LOG.error("event=replica_close_failed error=\"{}\"", e.toString(), e);
        }
    }

    private void failPending()
    {
        Job job;
        while ((job = jobs.poll()) != null)
        {
            job.done().completeExceptionally(new IllegalStateException(failure != null ? failure : "the engine stopped"));
        }
    }

    /** Null while snapshots work; why they stopped otherwise. */
    String failure()
    {
        return failure;
    }

    long replicaAppliedSeq()
    {
        return replicaAppliedSeq;
    }

    long lastSnapshotSeq()
    {
        return lastSnapshotSeq;
    }

    long lastSnapshotAtMs()
    {
        return lastSnapshotAtMs;
    }

    long lastSnapshotNanos()
    {
        return lastSnapshotNanos;
    }

    long snapshotsTaken()
    {
        return snapshotsTaken;
    }
}
