package io.stockring.engine;

import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.StockEventListener;
import io.stockring.core.recovery.NodeMeta;
import io.stockring.core.recovery.StoreConfig;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Everything the engine is configured with, in one place, validated by {@link #validate()}
 * before anything is opened. Fluent setters; defaults suit a single production node.
 *
 * <pre>
 *   dataDir/
 *     node.meta     clean-stop flag and boot id
 *     ledger/       Chronicle Map files and progress.dat
 *     journal/      append-only segments
 *     snapshots/    consistent ledger copies
 * </pre>
 */
public final class EngineConfig
{
    /**
     * 64 MiB/s: a 100,000-SKU snapshot (~410 MB) takes ~7 s, a 1,000,000-SKU one (~1.5 GB) ~23 s, far
     * inside the five-minute interval, and the journal's fsync never queues behind a burst of
     * snapshot pages (decision 0015).
     */
    public static final long DEFAULT_SNAPSHOT_WRITE_BYTES_PER_SECOND = 64L * 1024 * 1024;

    /** How consumers wait for the ring. */
    public enum WaitStrategyKind
    {
        /**
         * Lock and condition for the first stage; later stages spin on the stage before them
         * (Disruptor 4), which on two cores takes half a core from the writer. Only with spare cores.
         */
        BLOCKING,
        /** Spin briefly, yield, then park ~60 us and look again: each idle stage wakes ~17,000 times a second. */
        SLEEPING,
        /**
         * Spin briefly, yield, nap, then park until woken ({@link ParkingWaitStrategy}): batches
         * like SLEEPING under load, no CPU while idle, no spinning stages. The default.
         */
        PARKING,
        /** Spin then yield: lowest latency, burns a core per stage. Only with spare cores. */
        YIELDING
    }

    private Path dataDir = Path.of("data");
    private Durability durability = Durability.SYNC;
    private int ringSize = 65_536;
    private LedgerCapacity capacity = LedgerCapacity.defaults();
    private WaitStrategyKind waitStrategy = WaitStrategyKind.PARKING;
    private long journalSegmentBytes = 256L * 1024 * 1024;
    private long expireTickMs = 100;
    private int expireBatch = 2_000;
    private long checkpointIntervalMs = 5 * 60_000;
    private long snapshotWriteBytesPerSecond = DEFAULT_SNAPSHOT_WRITE_BYTES_PER_SECOND;
    private int snapshotsRetained = 2;
    private long requestRetentionMs = 24 * 3_600_000L;
    private long reservationRetentionMs = 7 * 24 * 3_600_000L;
    private int purgeLimitPerTick = 20_000;
    private LongSupplier clockMs = System::currentTimeMillis;
    private Supplier<String> bootId = NodeMeta::currentBootId;
    private StockEventListener eventListener = StockEventListener.NONE;
    private boolean timersEnabled = true;
    private boolean replicaOpenDeferred;

    public EngineConfig validate()
    {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(capacity, "capacity");
        require(Integer.bitCount(ringSize) == 1 && ringSize >= 64, "ringSize must be a power of two >= 64: " + ringSize);
        require(journalSegmentBytes >= 1024 * 1024, "journalSegmentBytes must be at least 1 MiB");
        require(expireTickMs > 0, "expireTickMs must be positive");
        require(expireBatch > 0, "expireBatch must be positive");
        require(snapshotWriteBytesPerSecond >= 0, "snapshotWriteBytesPerSecond must be >= 0 (0 = unpaced)");
        require(checkpointIntervalMs >= 0, "checkpointIntervalMs must be >= 0 (0 = only on demand and at stop)");
        require(snapshotsRetained >= 1, "snapshotsRetained must be at least 1");
        require(requestRetentionMs > 0, "requestRetentionMs must be positive");
        require(reservationRetentionMs > 0, "reservationRetentionMs must be positive");
        require(purgeLimitPerTick > 0, "purgeLimitPerTick must be positive");
        return this;
    }

    private static void require(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** The part recovery needs (core's view of the data directory). */
    public StoreConfig store()
    {
        return new StoreConfig(dataDir, capacity, snapshotsRetained, requestRetentionMs, reservationRetentionMs,
            purgeLimitPerTick, bootId, eventListener);
    }

    public Path ledgerDir()
    {
        return dataDir.resolve("ledger");
    }

    public Path journalDir()
    {
        return dataDir.resolve("journal");
    }

    public Path snapshotDir()
    {
        return dataDir.resolve("snapshots");
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public EngineConfig dataDir(final Path dataDir)
    {
        this.dataDir = dataDir;
        return this;
    }

    public Durability durability()
    {
        return durability;
    }

    public EngineConfig durability(final Durability durability)
    {
        this.durability = durability;
        return this;
    }

    public int ringSize()
    {
        return ringSize;
    }

    public EngineConfig ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    public LedgerCapacity capacity()
    {
        return capacity;
    }

    public EngineConfig capacity(final LedgerCapacity capacity)
    {
        this.capacity = capacity;
        return this;
    }

    public WaitStrategyKind waitStrategy()
    {
        return waitStrategy;
    }

    public EngineConfig waitStrategy(final WaitStrategyKind waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    public long journalSegmentBytes()
    {
        return journalSegmentBytes;
    }

    public EngineConfig journalSegmentBytes(final long journalSegmentBytes)
    {
        this.journalSegmentBytes = journalSegmentBytes;
        return this;
    }

    public long expireTickMs()
    {
        return expireTickMs;
    }

    public EngineConfig expireTickMs(final long expireTickMs)
    {
        this.expireTickMs = expireTickMs;
        return this;
    }

    public int expireBatch()
    {
        return expireBatch;
    }

    public EngineConfig expireBatch(final int expireBatch)
    {
        this.expireBatch = expireBatch;
        return this;
    }

    public long checkpointIntervalMs()
    {
        return checkpointIntervalMs;
    }

    public EngineConfig checkpointIntervalMs(final long checkpointIntervalMs)
    {
        this.checkpointIntervalMs = checkpointIntervalMs;
        return this;
    }

    /**
     * How fast a snapshot is written: it shares the device with the journal, whose fsync waits
     * behind whatever the device has queued (0: as fast as the device takes it).
     */
    public long snapshotWriteBytesPerSecond()
    {
        return snapshotWriteBytesPerSecond;
    }

    public EngineConfig snapshotWriteBytesPerSecond(final long bytesPerSecond)
    {
        this.snapshotWriteBytesPerSecond = bytesPerSecond;
        return this;
    }

    public int snapshotsRetained()
    {
        return snapshotsRetained;
    }

    public EngineConfig snapshotsRetained(final int snapshotsRetained)
    {
        this.snapshotsRetained = snapshotsRetained;
        return this;
    }

    public long requestRetentionMs()
    {
        return requestRetentionMs;
    }

    public EngineConfig requestRetentionMs(final long requestRetentionMs)
    {
        this.requestRetentionMs = requestRetentionMs;
        return this;
    }

    public long reservationRetentionMs()
    {
        return reservationRetentionMs;
    }

    public EngineConfig reservationRetentionMs(final long reservationRetentionMs)
    {
        this.reservationRetentionMs = reservationRetentionMs;
        return this;
    }

    public int purgeLimitPerTick()
    {
        return purgeLimitPerTick;
    }

    public EngineConfig purgeLimitPerTick(final int purgeLimitPerTick)
    {
        this.purgeLimitPerTick = purgeLimitPerTick;
        return this;
    }

    public LongSupplier clockMs()
    {
        return clockMs;
    }

    /** The clock producers stamp commands with; the writer never reads a clock. */
    public EngineConfig clockMs(final LongSupplier clockMs)
    {
        this.clockMs = clockMs;
        return this;
    }

    public Supplier<String> bootId()
    {
        return bootId;
    }

    /** Where the kernel boot id comes from; tests replace it to force the machine-crash path. */
    public EngineConfig bootId(final Supplier<String> bootId)
    {
        this.bootId = bootId;
        return this;
    }

    public StockEventListener eventListener()
    {
        return eventListener;
    }

    public EngineConfig eventListener(final StockEventListener eventListener)
    {
        this.eventListener = eventListener;
        return this;
    }

    public boolean timersEnabled()
    {
        return timersEnabled;
    }

    /** Expiry ticks and scheduled checkpoints; tests turn them off and tick by hand. */
    public EngineConfig timersEnabled(final boolean timersEnabled)
    {
        this.timersEnabled = timersEnabled;
        return this;
    }

    public boolean replicaOpenDeferred()
    {
        return replicaOpenDeferred;
    }

    /**
     * Leaves the snapshot replica closed until {@link StockEngine#openReplica()}: the server opens
     * it once it serves, so that the replica's own recovery (seconds of CPU after a crash) does not
     * share the two cores with the rest of the start-up. Snapshots and verifies asked for
     * meanwhile wait for it.
     */
    public EngineConfig replicaOpenDeferred(final boolean replicaOpenDeferred)
    {
        this.replicaOpenDeferred = replicaOpenDeferred;
        return this;
    }
}
