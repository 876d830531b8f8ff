package io.stockring.server.security;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest
{
    private final AtomicLong nowNs = new AtomicLong(1_000_000_000_000L);

    @Test
    void shouldAllowTheBurstThenTheRateAndNoMore()
    {
        final TokenBucket b = new TokenBucket(100, 10, nowNs::get);
        int taken = 0;
        while (b.tryTake(1))
        {
            taken++;
        }
        assertEquals(10, taken, "a full bucket holds the burst");
        nowNs.addAndGet(10_000_000); // 10 ms at 100/s: one permit
        assertTrue(b.tryTake(1));
        assertFalse(b.tryTake(1));
        nowNs.addAndGet(1_000_000_000); // a second: the bucket is full again, never fuller
        taken = 0;
        while (b.tryTake(1))
        {
            taken++;
        }
        assertEquals(10, taken);
    }

    @Test
    void shouldRefuseATakeBiggerThanWhatIsLeftWithoutTakingAnything()
    {
        final TokenBucket b = new TokenBucket(1_000, 100, nowNs::get);
        assertTrue(b.tryTake(60));
        assertFalse(b.tryTake(60), "40 left");
        assertTrue(b.tryTake(40), "the refused take took nothing");
    }

    @Test
    void shouldHoldItsRateUnderConcurrentTakers() throws Exception
    {
        final TokenBucket b = new TokenBucket(1_000, 50);
        final AtomicLong ok = new AtomicLong();
        final long start = System.nanoTime();
        final Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++)
        {
            threads[t] = new Thread(() ->
            {
                while (System.nanoTime() - start < 500_000_000L)
                {
                    if (b.tryTake(1))
                    {
                        ok.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads)
        {
            t.join();
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(ok.get() <= 1_000 * seconds + 50 + 5, ok.get() + " permits in " + seconds + " s");
        assertTrue(ok.get() >= 200, "the bucket must still hand permits out: " + ok.get());
    }
}
