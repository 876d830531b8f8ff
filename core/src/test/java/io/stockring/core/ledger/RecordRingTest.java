package io.stockring.core.ledger;

import io.stockring.core.format.FormatException;
import net.openhft.chronicle.core.Memory;
import net.openhft.chronicle.core.OS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring against a heap map: random appends, look-ups and removals, some records kept long
 * enough that the head comes round and moves them, then reopened; the crash cases (a move cut
 * after its copy, an append cut before its key); a foreign file; readers while records move.
 */
class RecordRingTest
{
    private static final Memory MEMORY = OS.memory();
    private static final int STICKY = 20;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void behavesLikeAMapUnderChurnAndAcrossReopen(final int keyWords) throws Exception
    {
        churnAndReopen(keyWords, keyWords == 1);
    }

    @Test
    void sequentialKeysInOrderWithLongHoldsAndWrapAround() throws Exception
    {
        // Ids far above the index size (homes wrap), made in order, most removed in order.
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final Map<Long, Long> reference = new HashMap<>();
        final java.util.ArrayDeque<Long> order = new java.util.ArrayDeque<>();
        try (RecordRing ring = RecordRing.open(dir.resolve("seq"), 1, 2, 300, true))
        {
            long id = 1L << 40;
            for (int step = 0; step < 100_000; step++)
            {
                id += 1 + random.nextInt(3);
                if (reference.size() < 280)
                {
                    MEMORY.writeLong(ring.acquire(id, 0), id);
                    reference.put(id, id);
                    order.add(id);
                }
                if (reference.size() > 200 || random.nextInt(3) == 0)
                {
                    // Oldest first, but now and then one is held (re-queued) for a long while.
                    final long oldest = order.poll();
                    if (random.nextInt(50) == 0)
                    {
                        order.add(oldest);
                    }
                    else
                    {
                        assertTrue(ring.remove(oldest, 0), "seed " + seed);
                        reference.remove(oldest);
                    }
                }
                if (step % 1000 == 0)
                {
                    for (final Map.Entry<Long, Long> e : reference.entrySet())
                    {
                        assertEquals(e.getValue(), MEMORY.readLong(ring.find(e.getKey(), 0)), "seed " + seed);
                    }
                    assertEquals(0, ring.find(id + 1, 0), "seed " + seed);
                }
            }
            assertEquals(reference.size(), ring.size(), "seed " + seed);
        }
    }

    private void churnAndReopen(final int keyWords, final boolean sequentialKeys) throws Exception
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final Path file = dir.resolve("r" + keyWords);
        final int capacity = 200;
        final Map<List<Long>, Long> reference = new HashMap<>();
        final List<List<Long>> keys = new ArrayList<>();
        RecordRing ring = RecordRing.open(file, keyWords, 3, capacity, sequentialKeys);
        try
        {
            assertTrue(ring.capacity() >= capacity);
            for (int step = 0; step < 200_000; step++)
            {
                final int op = random.nextInt(10);
                if (op < 5 && reference.size() < capacity)
                {
                    final long k0 = keyWords == 1 ? 1 + random.nextInt(400) : random.nextLong() | 1;
                    final long k1 = keyWords == 1 ? 0 : random.nextLong();
                    final List<Long> key = List.of(k0, k1);
                    final long value = random.nextLong();
                    final long address = ring.acquire(k0, k1);
                    if (!reference.containsKey(key))
                    {
                        assertEquals(0, MEMORY.readLong(address), "a new record starts zeroed (seed " + seed + ")");
                        keys.add(key);
                    }
                    MEMORY.writeLong(address, value);
                    MEMORY.writeLong(address + 16, ~value);
                    reference.put(key, value);
                }
                else if (op < 8 && keys.size() > STICKY)
                {
                    // Mostly the oldest (retention), sometimes any; the first few stay for good, so
                    // the head keeps coming round to live records and moves them.
                    final int pick = STICKY + (random.nextInt(4) == 0 ? random.nextInt(keys.size() - STICKY) : 0);
                    final List<Long> key = keys.remove(pick);
                    assertTrue(ring.remove(key.get(0), key.get(1)), "remove a present key (seed " + seed + ")");
                    reference.remove(key);
                    assertEquals(0, ring.find(key.get(0), key.get(1)), "gone after removal (seed " + seed + ")");
                }
                else
                {
                    final long k0 = keyWords == 1 ? 1 + random.nextInt(400) : random.nextLong() | 1;
                    final long k1 = keyWords == 1 ? 0 : random.nextLong();
                    final Long expected = reference.get(List.of(k0, k1));
                    assertEquals(expected == null, ring.find(k0, k1) == 0, "find (seed " + seed + ")");
                    if (expected == null)
                    {
                        assertEquals(false, ring.remove(k0, k1), "removing an absent key (seed " + seed + ")");
                    }
                }
                assertEquals(reference.size(), ring.size(), "size (seed " + seed + ")");
            }
            assertTrue(ring.moves() > 0, "the churn made the head meet live records (seed " + seed + ")");
            assertAllPresent(ring, reference, seed);
            ring.close();
            ring = RecordRing.open(file, keyWords, 3, capacity, sequentialKeys);
            assertEquals(reference.size(), ring.size());
            assertAllPresent(ring, reference, seed);
            // Appends after reopen continue where the ring left off and keep every record.
            for (long k = 1; k <= 50 && reference.size() < capacity; k++)
            {
                final List<Long> key = List.of(1_000_000 + k, keyWords == 1 ? 0L : k);
                MEMORY.writeLong(ring.acquire(key.get(0), key.get(1)), k);
                MEMORY.writeLong(ring.find(key.get(0), key.get(1)) + 16, ~k);
                reference.put(key, k);
            }
            assertAllPresent(ring, reference, seed);
        }
        finally
        {
            ring.close();
        }
    }

    @Test
    void aMoveCutAfterItsCopyKeepsOneRecord() throws Exception
    {
        final Path file = dir.resolve("dup");
        try (RecordRing ring = RecordRing.open(file, 1, 2, 40, true))
        {
            for (long k = 1; k <= 10; k++)
            {
                MEMORY.writeLong(ring.acquire(k, 0), k * 10);
            }
            // What a SIGKILL between "copy to the head" and "free the old slot" leaves: key 3 in
            // its slot and again, as a newer append, in the next free slot.
            final long from = ring.find(3, 0) - 16;
            final long to = ring.slotAddressForTest(10);
            MEMORY.copyMemory(from + 8, to + 8, ring.slotBytesForTest() - 8);
            MEMORY.writeLong(to + 8, 10);
            MEMORY.writeLong(to, 3);
            MEMORY.writeLong(to + 16, 333);
        }
        try (RecordRing ring = RecordRing.open(file, 1, 2, 40, true))
        {
            assertEquals(10, ring.size(), "the duplicate is kept once");
            assertEquals(333, MEMORY.readLong(ring.find(3, 0)), "the newer copy wins");
            for (long k = 1; k <= 10; k++)
            {
                assertNotEquals(0, ring.find(k, 0));
            }
            MEMORY.writeLong(ring.acquire(11, 0), 110);
            assertEquals(110, MEMORY.readLong(ring.find(11, 0)), "appends go past the newer copy");
            assertEquals(333, MEMORY.readLong(ring.find(3, 0)));
        }
    }

    @Test
    void anAppendCutBeforeItsKeyIsAFreeSlot() throws Exception
    {
        final Path file = dir.resolve("torn");
        try (RecordRing ring = RecordRing.open(file, 2, 2, 40, false))
        {
            MEMORY.writeLong(ring.acquire(5, 6), 56);
            // The next append wrote its value and append number, not yet its key.
            final long torn = ring.slotAddressForTest(1);
            MEMORY.writeLong(torn + 16, 1);
            MEMORY.writeLong(torn + 24, 99);
        }
        try (RecordRing ring = RecordRing.open(file, 2, 2, 40, false))
        {
            assertEquals(1, ring.size());
            assertEquals(56, MEMORY.readLong(ring.find(5, 6)));
            final long address = ring.acquire(7, 8);
            assertEquals(0, MEMORY.readLong(address), "the slot is reused, zeroed");
        }
    }

    @Test
    void refusesAFileOfAnotherLayout() throws Exception
    {
        final Path file = dir.resolve("layout");
        RecordRing.open(file, 1, 2, 10, true).close();
        final Exception e = assertThrows(FormatException.class, () -> RecordRing.open(file, 2, 2, 10, false));
        assertTrue(e.getMessage().contains("found records of 1 key and 2 value words; this build reads records of 2 key"),
            e.getMessage());
        java.nio.file.Files.write(file, new byte[RecordRing.HEADER_BYTES]);
        final Exception foreign = assertThrows(FormatException.class, () -> RecordRing.open(file, 1, 2, 10, false));
        assertTrue(foreign.getMessage().contains("found magic 0x0"), foreign.getMessage());
    }

    @Test
    void readersNeverMissAPresentKeyWhileTheWriterRemovesAndMoves() throws Exception
    {
        try (RecordRing ring = RecordRing.open(dir.resolve("concurrent"), 1, 1, 1_000, true))
        {
            // Key 1 stays; keys around it come and go, so the head comes round and moves it.
            MEMORY.writeLong(ring.acquire(1, 0), 42);
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong misses = new AtomicLong();
            final Thread reader = new Thread(() ->
            {
                while (!stop.get())
                {
                    final long version = ring.readBegin();
                    final long address = ring.find(1, 0);
                    final long value = address == 0 ? -1 : MEMORY.readLong(address);
                    if (ring.readValid(version) && value != 42)
                    {
                        misses.incrementAndGet();
                    }
                }
            });
            reader.start();
            final SplittableRandom random = new SplittableRandom(7);
            final List<Long> live = new ArrayList<>();
            long next = 2;
            for (int i = 0; i < 300_000; i++)
            {
                if (live.size() < 700 && random.nextBoolean())
                {
                    MEMORY.writeLong(ring.acquire(next, 0), next);
                    live.add(next++);
                }
                else if (!live.isEmpty())
                {
                    ring.remove(live.remove(random.nextInt(live.size())), 0);
                }
            }
            stop.set(true);
            reader.join();
            assertTrue(ring.moves() > 0, "key 1 was moved at least once");
            assertEquals(0, misses.get(), "a validated read always finds the key that never left");
        }
    }

    private static void assertAllPresent(final RecordRing ring, final Map<List<Long>, Long> reference, final long seed)
    {
        reference.forEach((key, value) ->
        {
            final long address = ring.find(key.get(0), key.get(1));
            assertNotEquals(0, address, "present key " + key + " (seed " + seed + ")");
            assertEquals(value, MEMORY.readLong(address), "value of " + key + " (seed " + seed + ")");
            assertEquals(~value, MEMORY.readLong(address + 16), "last word of " + key + " (seed " + seed + ")");
        });
        final long[] visited = {0};
        ring.forEach(address -> visited[0]++);
        assertEquals(reference.size(), visited[0], "forEach visits every live record (seed " + seed + ")");
    }

    @Test
    void aCreationCutShortLeavesNoRingBehindAndTheNextOpenCreatesItWhole() throws Exception
    {
        final Path file = dir.resolve("requests.tbl");
        // what a process killed while writing the file out leaves: zeros under the temporary name
        java.nio.file.Files.write(dir.resolve("requests.tbl.creating"), new byte[64 * 1024]);
        try (RecordRing ring = RecordRing.open(file, 2, 3, 1_000, false))
        {
            ring.acquire(7, 8);
            assertEquals(1, ring.size());
        }
        assertFalse(java.nio.file.Files.exists(dir.resolve("requests.tbl.creating")));
        try (RecordRing ring = RecordRing.open(file, 2, 3, 1_000, false))
        {
            assertEquals(1, ring.size());
        }
    }
}
