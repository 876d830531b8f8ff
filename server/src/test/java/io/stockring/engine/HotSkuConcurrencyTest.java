package io.stockring.engine;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.ledger.StockLevel;
import io.stockring.core.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static io.stockring.engine.EngineFixture.await;
import static io.stockring.engine.EngineFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A flash redemption: many threads reserve one gift at once; exactly the stock there is succeeds. */
class HotSkuConcurrencyTest
{
    private static final int THREADS = 8;
    private static final int ATTEMPTS_PER_THREAD = 800;
    private static final long STOCK = 2_000;

    @TempDir
    Path dir;

    @Test
    void shouldNeverReserveMoreThanThereIs() throws Exception
    {
        final ManualClock clock = new ManualClock(EngineFixture.T0);
        try (StockEngine engine = StockEngine.start(EngineFixture.config(dir, clock)
            .durability(Durability.SYNC)
            .capacity(new LedgerCapacity(10, 10, 100, 50_000, 100_000))))
        {
            await(engine.upsertLocation("l", "ONLINE", "Online pool", LocationKind.ONLINE_POOL, null));
            await(engine.upsertItem("i", "LANTERN", "Mid-Autumn lantern", "festival"));
            await(engine.receive("r", "LANTERN", "ONLINE", STOCK));

            final AtomicLong reservedUnits = new AtomicLong();
            final AtomicLong rejected = new AtomicLong();
            final AtomicLong other = new AtomicLong();
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int thread = t;
                threads.add(new Thread(() ->
                {
                    try
                    {
                        start.await();
                    }
                    catch (final InterruptedException e)
                    {
                        return;
                    }
                    for (int i = 0; i < ATTEMPTS_PER_THREAD; i++)
                    {
                        final long qty = 1 + (i % 2);
                        Outcome o;
                        do
                        {
                            o = await(engine.reserve("t" + thread + "-" + i, "app",
                                List.of(new StockEngine.Line("LANTERN", "ONLINE", qty)), 600_000));
                        }
                        while (o.code() == ResultCode.RING_FULL);
                        if (o.isOk())
                        {
                            reservedUnits.addAndGet(qty);
                        }
                        else if (o.code() == ResultCode.INSUFFICIENT_STOCK)
                        {
                            rejected.incrementAndGet();
                        }
                        else
                        {
                            other.incrementAndGet();
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            start.countDown();
            for (final Thread thread : threads)
            {
                thread.join();
            }

            final StockLevel level = engine.stock("LANTERN", "ONLINE").orElseThrow();
            assertEquals(0, other.get());
            assertTrue(rejected.get() > 0, "demand must exceed stock for the test to mean anything");
            assertEquals(level.reserved(), reservedUnits.get());
            assertTrue(level.reserved() <= STOCK, "oversold: " + level);
            assertTrue(level.available() <= 1, "stock left although requests were refused: " + level);
            final LedgerVerifier.Report report = get(engine.verify());
            assertTrue(report.isClean(), report.toString());
        }
    }
}
