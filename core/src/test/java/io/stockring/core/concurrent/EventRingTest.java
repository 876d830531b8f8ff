package io.stockring.core.concurrent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventRingTest
{
    @Test
    void aFullRingDropsAndCountsAndDrainsInOrderAcrossTheWrap()
    {
        final EventRing ring = new EventRing(4, 2);
        final List<Long> seen = new ArrayList<>();
        long next = 0;
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 6; i++)
            {
                final int at = ring.claim();
                if (at >= 0)
                {
                    ring.words()[at] = next;
                    ring.words()[at + 1] = -next;
                    ring.publish();
                    next++;
                }
            }
            assertEquals(4, ring.drain((w, i) ->
            {
                assertEquals(-w[i], w[i + 1]);
                seen.add(w[i]);
            }));
        }
        assertEquals(6, ring.dropped(), "two of six refused per round");
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), seen);
        assertEquals(0, ring.drain((w, i) -> { }));
    }

    @Test
    void theConsumerSeesEveryPublishedEventWholeWhileTheProducerRuns() throws InterruptedException
    {
        final EventRing ring = new EventRing(64, 3);
        final int events = 200_000;
        final long[] published = new long[1];
        final Thread producer = new Thread(() ->
        {
            for (long v = 1; v <= events; v++)
            {
                final int at = ring.claim();
                if (at >= 0)
                {
                    final long[] w = ring.words();
                    w[at] = v;
                    w[at + 1] = v * 31;
                    w[at + 2] = v ^ 0x5555;
                    ring.publish();
                    published[0]++;
                }
            }
        });
        final long[] state = {0, 0}; // last value seen, count
        producer.start();
        while (producer.isAlive() || state[1] < published[0])
        {
            ring.drain((w, i) ->
            {
                final long v = w[i];
                assertEquals(v * 31, w[i + 1], "a whole event");
                assertEquals(v ^ 0x5555, w[i + 2], "a whole event");
                assertEquals(true, v > state[0], "in order");
                state[0] = v;
                state[1]++;
            });
        }
        producer.join();
        ring.drain((w, i) -> state[1]++);
        assertEquals(published[0], state[1]);
        assertEquals(events, published[0] + ring.dropped());
    }

    @Test
    void capacityIsAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new EventRing(6, 1));
    }
}
