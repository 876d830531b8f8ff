package io.stockring.core.ledger;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The expiry heap against a sorted set, with most reservations finished before their TTL (the heap's stale entries). */
class ExpiryIndexTest
{
    @Test
    void expiresInTimeThenIdOrderAndCompactsStaleEntries()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final TreeSet<long[]> reference = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        final TreeMap<Long, Long> expiresById = new TreeMap<>();
        // The ledger's part: a reservation is HELD until its expiry while the reference has it.
        final ExpiryIndex index = new ExpiryIndex((id, at, beforeSeq) -> Long.valueOf(at).equals(expiresById.get(id)));
        long nextId = 1;
        long now = 0;
        int peakHeld = 0;
        for (int step = 0; step < 300_000; step++)
        {
            final int op = random.nextInt(10);
            if (op < 5)
            {
                final long id = nextId++;
                final long at = now + 1 + random.nextInt(1_000);
                index.add(id, at, id);
                reference.add(new long[]{at, id});
                expiresById.put(id, at);
            }
            else if (op < 9 && !expiresById.isEmpty())
            {
                // Confirmed or released before its TTL.
                final Long id = expiresById.ceilingKey(1 + (long)random.nextInt((int)nextId));
                if (id != null)
                {
                    index.left();
                    reference.remove(new long[]{expiresById.remove(id), id});
                }
            }
            else
            {
                now += random.nextInt(20);
                long due;
                while ((due = index.pollDue(now, nextId)) != 0)
                {
                    final long[] first = reference.first();
                    assertEquals(first[1], due, "earliest due (seed " + seed + ")");
                    index.left();
                    reference.remove(first);
                    expiresById.remove(due);
                }
                assertTrue(reference.isEmpty() || reference.first()[0] > now, "nothing due left (seed " + seed + ")");
            }
            assertEquals(reference.size(), index.heldCount());
            peakHeld = Math.max(peakHeld, index.heldCount());
            // The heap grows only while more than half of it is HELD: never past 4x the peak HELD count.
            assertTrue(index.heapSize() <= Math.max(1024, 4 * peakHeld),
                "heap " + index.heapSize() + " for a peak of " + peakHeld + " held (seed " + seed + ")");
        }
    }
}
