package io.stockring.bench;

import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.engine.EngineConfig;

import java.nio.file.Path;

/**
 * The engine configuration the benchmarks share. Long runs make millions of request ids and
 * reservations, so retention is short (records are purged half a second after use by the expiry
 * tick) and the maps are sized for what can be alive in that half second at full speed.
 */
final class BenchConfigs
{
    /** The one location every benchmark SKU is stocked at. */
    static final String LOCATION = "WH-1";
    static final String CHANNEL = "bench";
    /** Long enough that no reservation expires before the benchmark releases it. */
    static final long TTL_MS = 600_000;
    /**
     * Request outcomes are kept this long (the benchmarks' retention, which keeps the request ring
     * bounded at a million commands a second); an engine refuses a hold longer than that, so
     * through the engine's edge reservations are held at most this long. A round of reserves is
     * released within milliseconds; only a stall longer than this would expire one and fail the trial.
     */
    static final long REQUEST_RETENTION_MS = 500;
    /** Stock of every SKU: far more than one batch can hold. */
    static final long STOCK = 1_000_000;
    /** Stock of SKU 0, the hot one. */
    static final long HOT_STOCK = 1_000_000_000_000L;
    static final long EXPIRE_TICK_MS = 20;

    private BenchConfigs()
    {
    }

    static LedgerCapacity capacity()
    {
        return new LedgerCapacity(150_000, 16, 200_000, 3_000_000, 6_000_000);
    }

    static EngineConfig engine(final Path dataDir, final Durability durability)
    {
        return new EngineConfig()
            .dataDir(dataDir)
            .durability(durability)
            .capacity(capacity())
            .timersEnabled(true)
            .expireTickMs(EXPIRE_TICK_MS)
            .requestRetentionMs(REQUEST_RETENTION_MS)
            .reservationRetentionMs(500)
            .purgeLimitPerTick(500_000)
            .checkpointIntervalMs(0);
    }

    /** SKU code of index {@code i}: fixed width, ASCII. */
    static String sku(final int i)
    {
        return String.format("SKU-%06d", i);
    }
}
