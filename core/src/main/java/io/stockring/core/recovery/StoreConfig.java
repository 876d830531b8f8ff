package io.stockring.core.recovery;

import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.StockEventListener;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What recovery needs to know about one data directory: where the ledger, the journal and the
 * snapshots live, how large the ledger is, and the state machine's retention settings. The ring's
 * own settings (ring size, wait strategy, ticks) are the server's business and not here.
 *
 * <pre>
 *   dataDir/
 *     node.meta     clean-stop flag and boot id ({@link NodeMeta})
 *     ledger/       Chronicle Map files, record tables, progress.dat, FORMAT
 *     journal/      append-only segments
 *     snapshots/    consistent ledger copies
 * </pre>
 *
 * @param bootId the kernel's boot id now (injected so tests can force the machine-crash path)
 * @param events the state machine's listener (called on the writer thread, also during replay)
 */
public record StoreConfig(Path dataDir, LedgerCapacity capacity, int snapshotsRetained, long requestRetentionMs,
    long reservationRetentionMs, int purgeLimitPerTick, Supplier<String> bootId, StockEventListener events)
{
    public StoreConfig
    {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(events, "events");
        if (snapshotsRetained < 1 || requestRetentionMs <= 0 || reservationRetentionMs <= 0 || purgeLimitPerTick <= 0)
        {
            throw new IllegalArgumentException("snapshotsRetained, retentions and purgeLimitPerTick must be positive");
        }
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
}
