package io.stockring.engine;

import io.stockring.core.command.Outcome;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.testing.ManualClock;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Engine configurations and helpers shared by the engine tests. */
public final class EngineFixture
{
    public static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private EngineFixture()
    {
    }

    /** Small maps, manual clock, no timers: fast and deterministic. */
    public static EngineConfig config(final Path dir, final ManualClock clock)
    {
        return new EngineConfig()
            .dataDir(dir)
            .capacity(LedgerCapacity.small())
            .ringSize(1024)
            .journalSegmentBytes(1024 * 1024)
            .durability(Durability.ASYNC)
            .clockMs(clock)
            .timersEnabled(false)
            .checkpointIntervalMs(0);
    }

    public static Outcome await(final CompletableFuture<Outcome> f)
    {
        try
        {
            return f.get(30, TimeUnit.SECONDS);
        }
        catch (final Exception e)
        {
            throw new AssertionError("command did not complete", e);
        }
    }

    public static <T> T get(final CompletableFuture<T> f)
    {
        try
        {
            return f.get(60, TimeUnit.SECONDS);
        }
        catch (final Exception e)
        {
            throw new AssertionError("did not complete", e);
        }
    }
}
