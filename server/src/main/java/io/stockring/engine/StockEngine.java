package io.stockring.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventTranslatorTwoArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.JournalWriter;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerReads;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.ledger.ReservationView;
import io.stockring.core.ledger.ScanPace;
import io.stockring.core.ledger.StockLevel;
import io.stockring.core.ledger.StockStateMachine;
import io.stockring.core.recovery.NodeMeta;
import io.stockring.core.recovery.Recovery;
import io.stockring.core.request.CommandRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The engine, usable in-process: recovery, then a ring of preallocated command slots and one
 * stage on one thread, the writer.
 *
 * <pre>
 *   producers --tryPublish--> [ ring of CommandSlot ] --> WriterStage, per batch:
 *   (any thread; full ring       (preallocated)           append all, write + fsync once,
 *    = RING_FULL at once)                                 then apply and answer each
 * </pre>
 *
 * Requests are validated and resolved on the producer's thread ({@link #requests()}); reads of
 * single entries go to the ledger directly ({@link #stock}, {@link #reservation}). A timer
 * publishes the expiry tick through the ring like any other command. Beside the ring, the
 * {@link Snapshotter} replays the journal into a replica of the ledger and takes the snapshots
 * and verify scans from it, so the writer never stops for them.
 */
public final class StockEngine implements Engine
{
    private static final Logger LOG = LoggerFactory.getLogger(StockEngine.class);
    /** One command in this many carries stage timings ({@link StageObserver}); a power of two. */
    public static final int STAGE_SAMPLE_EVERY = 16;

    private final EngineConfig config;
    private final LongSupplier clock;
    private final Ledger ledger;
    private final LedgerReads reads;
    private final StockStateMachine machine;
    private final JournalWriter journal;
    private final WriterStage writer;
    private final Snapshotter snapshotter;
    private final Disruptor<CommandSlot> disruptor;
    private final RingBuffer<CommandSlot> ring;
    private final CommandRequests requests;
    private final Recovery.Report recoveryReport;
    private final ScheduledExecutorService timer;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicInteger publishing = new AtomicInteger();
    private final EventTranslatorTwoArg<CommandSlot, CommandSlot, CommandCallback> translator;
    private volatile boolean closing;
    private boolean closed;

    private StockEngine(final EngineConfig config, final FileChannel lockChannel, final FileLock lock,
        final Recovery.Result recovered) throws IOException
    {
        this.config = config;
        this.clock = config.clockMs();
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.ledger = recovered.ledger();
        this.reads = new LedgerReads(ledger);
        this.machine = recovered.machine();
        this.recoveryReport = recovered.report();
        this.requests = new CommandRequests(ledger.catalog(), config.requestRetentionMs());
        this.journal = new JournalWriter(config.journalDir(), config.journalSegmentBytes(), config.durability(),
            recovered.journalTail());
        this.writer = new WriterStage(journal, machine);
        this.snapshotter = new Snapshotter(config.store(), machine::appliedSeq,
            config.timersEnabled() ? config.checkpointIntervalMs() : 0, config.snapshotWriteBytesPerSecond());
        this.translator = (slot, sequence, request, callback) ->
        {
            slot.clear();
            slot.copyInputFrom(request);
            slot.callback = callback;
            slot.timestampMs = clock.getAsLong();
            slot.publishedNanos = (sequence & (STAGE_SAMPLE_EVERY - 1)) == 0 ? System.nanoTime() : 0;
        };
        this.disruptor = new Disruptor<>(CommandSlot::new, config.ringSize(), new StageThreadFactory(),
            ProducerType.MULTI, waitStrategy(config.waitStrategy()));
        disruptor.handleEventsWith(writer);
        this.ring = disruptor.start();
        writer.ring(ring);
        snapshotter.start();
        if (!config.replicaOpenDeferred())
        {
            snapshotter.openReplica();
        }
        if (config.timersEnabled())
        {
            timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "stockring-timer"));
            timer.scheduleAtFixedRate(this::tick, config.expireTickMs(), config.expireTickMs(), TimeUnit.MILLISECONDS);
        }
        else
        {
            timer = null;
        }
    }

    /**
     * Locks the data directory, recovers, and starts the ring.
     *
     * @throws IllegalStateException if another process (or engine) holds the data directory
     */
    public static StockEngine start(final EngineConfig config) throws IOException
    {
        config.validate();
        Files.createDirectories(config.dataDir());
        final FileChannel lockChannel = FileChannel.open(config.dataDir().resolve("LOCK"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock = null;
        try
        {
            lock = lockChannel.tryLock();
        }
        catch (final OverlappingFileLockException e)
        {
            lock = null;
        }
        if (lock == null)
        {
            lockChannel.close();
            throw new IllegalStateException("data directory " + config.dataDir().toAbsolutePath() +
                " is in use by another stockring process (it holds " + config.dataDir().resolve("LOCK") +
                "); stop it first or choose another --data-dir");
        }
        try
        {
            return new StockEngine(config, lockChannel, lock, Recovery.recover(config.store()));
        }
        catch (final IOException | RuntimeException e)
        {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    private static WaitStrategy waitStrategy(final EngineConfig.WaitStrategyKind kind)
    {
        switch (kind)
        {
            case BLOCKING:
                return new BlockingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case PARKING:
            default:
                return new ParkingWaitStrategy();
        }
    }

    // ------------------------------------------------------------------ publishing

    /** The edge: validates requests and fills slot templates for {@link #submit}. */
    @Override
    public CommandRequests requests()
    {
        return requests;
    }

    /**
     * Publishes a validated request (a template filled by {@link #requests()}); never blocks. The
     * callback is called on the writer thread once the command is durable and applied: it must
     * not block, wait for another thread or do more than build and send a reply (WriterStage's
     * contract).
     *
     * @return OK if published (the callback will be called), RING_FULL or SHUTTING_DOWN if not
     */
    @Override
    public ResultCode submit(final CommandSlot request, final CommandCallback callback)
    {
        publishing.incrementAndGet();
        try
        {
            if (closing)
            {
                return ResultCode.SHUTTING_DOWN;
            }
            return ring.tryPublishEvent(translator, request, callback) ? ResultCode.OK : ResultCode.RING_FULL;
        }
        finally
        {
            publishing.decrementAndGet();
        }
    }

    /** Publishes an expiry tick now (the timer does this every {@code expireTickMs}). */
    public CompletableFuture<Outcome> expireDue(final int maxCount)
    {
        final CommandSlot s = new CommandSlot();
        CommandRequests.expireDue(s, maxCount);
        return submit(s);
    }

    /**
     * Takes a snapshot holding at least every command applied by now, without stopping the
     * writer; the outcome's value is the snapshot's seq ({@code JOURNAL_FAILED} if it failed).
     */
    @Override
    public CompletableFuture<Outcome> checkpoint()
    {
        return snapshotter.snapshot().handle((seq, error) -> error == null ? new Outcome(ResultCode.OK, seq, seq) :
            Outcome.of(ResultCode.JOURNAL_FAILED));
    }

    /** Scans for broken invariants the state after every command applied by now (on the snapshot replica). */
    @Override
    public CompletableFuture<LedgerVerifier.Report> verify()
    {
        return snapshotter.verify();
    }

    private void tick()
    {
        if (clock.getAsLong() < writer.nextDueMs())
        {
            return;
        }
        final CommandSlot s = new CommandSlot();
        CommandRequests.expireDue(s, config.expireBatch());
        submit(s, null);
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Catalog catalog()
    {
        return ledger.catalog();
    }

    /** Reads by code from any thread but the writer's: entries, a sku's entries, scans, reservations. */
    @Override
    public LedgerReads reads()
    {
        return reads;
    }

    // ------------------------------------------------------------------ state for metrics and tests

    @Override
    public long nowMs()
    {
        return clock.getAsLong();
    }

    public EngineConfig config()
    {
        return config;
    }

    public Recovery.Report recoveryReport()
    {
        return recoveryReport;
    }

    public StockStateMachine stateMachine()
    {
        return machine;
    }

    @Override
    public Ledger ledger()
    {
        return ledger;
    }

    public JournalWriter journal()
    {
        return journal;
    }

    public long ringRemainingCapacity()
    {
        return ring.remainingCapacity();
    }

    public int ringSize()
    {
        return ring.getBufferSize();
    }

    public long lastCheckpointSeq()
    {
        return snapshotter.lastSnapshotSeq();
    }

    public long lastCheckpointAtMs()
    {
        return snapshotter.lastSnapshotAtMs();
    }

    /**
     * Lets the snapshotter open its replica (when {@link EngineConfig#replicaOpenDeferred} kept
     * it closed at start); once is enough, later calls do nothing.
     */
    public void openReplica()
    {
        snapshotter.openReplica();
    }

    /** How long the last snapshot took on the snapshotter thread (the writer does not wait for it). */
    public long lastCheckpointNanos()
    {
        return snapshotter.lastSnapshotNanos();
    }

    /** Commands the writer applied that the snapshot replica has not yet. */
    public long snapshotReplicaLag()
    {
        return Math.max(0, machine.appliedSeq() - snapshotter.replicaAppliedSeq());
    }

    /** False once the snapshot replica failed: the writer goes on, no snapshot is taken until a restart. */
    public boolean snapshotsWorking()
    {
        return snapshotter.failure() == null;
    }

    public long writerBusyNanos()
    {
        return writer.busyNanos();
    }

    public long writerBatches()
    {
        return writer.batches();
    }

    /**
     * Receives the stage timings of one command in {@value #STAGE_SAMPLE_EVERY} from now on (null:
     * none). Called by the metrics; the observer runs on the writer thread.
     */
    public void stageObserver(final StageObserver observer)
    {
        writer.stageObserver(observer);
    }

    /** False once the journal failed or the writer halted: the engine only refuses from then on. */
    @Override
    public boolean isHealthy()
    {
        return !writer.journalFailed() && !writer.isHalted() && !closing;
    }

    // ------------------------------------------------------------------ stop

    /**
     * Clean stop: refuses new commands, drains the ring, closes the journal and the ledger and
     * marks the data directory as cleanly stopped; the snapshot replica catches up and takes a
     * last snapshot.
     */
    @Override
    public synchronized void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        if (timer != null)
        {
            timer.shutdownNow();
        }
        Outcome last = null;
        final CommandSlot barrier = new CommandSlot();
        CommandRequests.control(barrier, CommandType.BARRIER);
        final CompletableFuture<Outcome> drained = submit(barrier);
        closing = true;
        while (publishing.get() != 0)
        {
            Thread.onSpinWait();
        }
        try
        {
            last = drained.get(120, TimeUnit.SECONDS);
        }
        catch (final Exception e)
        {
            LOG.error("event=drain_failed error=\"{}\"", e.toString());
        }
        disruptor.shutdown();
        closed = true;
        final boolean clean = last != null && last.isOk() && !writer.journalFailed() && !writer.isHalted();
        if (!snapshotter.stop(machine.appliedSeq(), clean, 120_000))
        {
            LOG.error("event=final_checkpoint_failed reason=\"{}\"", snapshotter.failure());
        }
        ledger.close();
        if (clean)
        {
            new NodeMeta(NodeMeta.State.STOPPED, config.bootId().get()).write(config.dataDir());
        }
        lock.release();
        lockChannel.close();
        LOG.info("event=stopped clean={} appliedSeq={}", clean, machine.appliedSeq());
    }

    /** Names the stage's thread after its role, so a thread dump reads like the diagram. */
    private static final class StageThreadFactory implements java.util.concurrent.ThreadFactory
    {
        private int next;

        @Override
        public synchronized Thread newThread(final Runnable r)
        {
            return new Thread(r, next++ == 0 ? "stockring-writer" : "stockring-stage-" + next);
        }
    }
}
