package io.stockring.core.ledger;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StockDirectoryTest
{
    @Test
    void shouldVisitEveryEntryInTheOrderItWasAddedAcrossGrowth()
    {
        final StockDirectory directory = new StockDirectory();
        final int n = 5_000;
        for (int i = 1; i <= n; i++)
        {
            directory.add(i, 8L * i);
        }
        assertEquals(n, directory.size());
        final long[] expected = {1};
        directory.forEach((key, address) ->
        {
            assertEquals(expected[0], key);
            assertEquals(8 * key, address);
            expected[0]++;
        }, ScanPace.FULL_SPEED);
        assertEquals(n + 1, expected[0]);
    }

    @Test
    void shouldShowAReaderAWholePrefixWhileTheAppenderGrowsIt() throws Exception
    {
        final StockDirectory directory = new StockDirectory();
        final int n = 200_000;
        final AtomicReference<String> problem = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            int seen = 0;
            while (seen < n && problem.get() == null)
            {
                final long[] next = {1};
                directory.forEach((key, address) ->
                {
                    if (key != next[0] || address != 8 * key)
                    {
                        problem.compareAndSet(null, "entry " + next[0] + " read as " + key + " -> " + address);
                    }
                    next[0]++;
                }, ScanPace.FULL_SPEED);
                seen = (int)(next[0] - 1);
            }
        });
        reader.start();
        for (int i = 1; i <= n; i++)
        {
            directory.add(i, 8L * i);
        }
        reader.join(30_000);
        assertNull(problem.get());
        assertEquals(n, directory.size());
    }
}
