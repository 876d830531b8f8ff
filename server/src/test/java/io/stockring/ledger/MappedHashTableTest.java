package io.stockring.ledger;

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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table against a heap map: random inserts, look-ups and removals on a table kept near its
 * full load (long probe chains that wrap past the last slot), then reopened; and the two crash
 * cases of a removal's moves (a record copied twice, a copy cut half-way).
 */
class MappedHashTableTest
{
    private static final Memory MEMORY = OS.memory();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void behavesLikeAMapUnderChurnAndAcrossReopen(final int keyWords) throws Exception
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final Path file = dir.resolve("t" + keyWords);
        final int capacity = 200;
        final Map<List<Long>, Long> reference = new HashMap<>();
        final List<List<Long>> keys = new ArrayList<>();
        MappedHashTable table = MappedHashTable.open(file, keyWords, 3, capacity, false);
        try
        {
            for (int step = 0; step < 200_000; step++)
            {
                final int op = random.nextInt(10);
                if (op < 5 && reference.size() < capacity)
                {
                    // A small key space for 1-word keys: many look-ups of present and absent keys.
                    final long k0 = keyWords == 1 ? 1 + random.nextInt(400) : random.nextLong() | 1;
                    final long k1 = keyWords == 1 ? 0 : random.nextLong();
                    final List<Long> key = List.of(k0, k1);
                    final long value = random.nextLong();
                    final long address = table.acquire(k0, k1);
                    if (!reference.containsKey(key))
                    {
                        assertEquals(0, MEMORY.readLong(address), "a new record starts zeroed (seed " + seed + ")");
                        keys.add(key);
                    }
                    MEMORY.writeLong(address, value);
                    MEMORY.writeLong(address + 16, ~value);
                    reference.put(key, value);
                }
                else if (op < 8 && !keys.isEmpty())
                {
                    final List<Long> key = keys.remove(random.nextInt(keys.size()));
                    assertTrue(table.remove(key.get(0), key.get(1)), "remove a present key (seed " + seed + ")");
                    reference.remove(key);
                    assertEquals(0, table.find(key.get(0), key.get(1)), "gone after removal (seed " + seed + ")");
                }
                else
                {
                    final long k0 = keyWords == 1 ? 1 + random.nextInt(400) : random.nextLong() | 1;
                    final long k1 = keyWords == 1 ? 0 : random.nextLong();
                    final Long expected = reference.get(List.of(k0, k1));
                    final long address = table.find(k0, k1);
                    assertEquals(expected == null, address == 0, "find (seed " + seed + ")");
                    if (expected == null)
                    {
                        assertEquals(false, table.remove(k0, k1), "removing an absent key (seed " + seed + ")");
                    }
                }
                assertEquals(reference.size(), table.size(), "size (seed " + seed + ")");
            }
            assertAllPresent(table, reference, seed);
            table.close();
            table = MappedHashTable.open(file, keyWords, 3, capacity, true);
            assertEquals(reference.size(), table.size());
            assertAllPresent(table, reference, seed);
        }
        finally
        {
            table.close();
        }
    }

    @Test
    void rebuildsAfterAMoveWasCutWithTheRecordInTwoSlots() throws Exception
    {
        final Path file = dir.resolve("dup");
        final Map<Long, Long> reference = new HashMap<>();
        try (MappedHashTable table = MappedHashTable.open(file, 1, 2, 40, false))
        {
            for (long k = 1; k <= 40; k++)
            {
                MEMORY.writeLong(table.acquire(k, 0), k * 10);
                reference.put(k, k * 10);
            }
            // What a SIGKILL between "copy into the hole" and "next step" leaves: the move version
            // odd and one record present in a second, free slot as well.
            final long source = table.find(7, 0) - 8;
            final long free = firstFreeSlot(table);
            MEMORY.copyMemory(source, free, 24);
            MEMORY.writeLong(headerAddress(table) + 32, 1);
        }
        try (MappedHashTable table = MappedHashTable.open(file, 1, 2, 40, true))
        {
            assertEquals(40, table.size(), "the duplicate is kept once");
            reference.forEach((k, v) -> assertEquals(v, MEMORY.readLong(table.find(k, 0))));
            assertEquals(0, MEMORY.readLong(headerAddress(table) + 32) & 1, "the rebuilt table is consistent");
        }
    }

    @Test
    void rebuildsAfterAMoveWasCutLeavingAHoleInAChain() throws Exception
    {
        final Path file = dir.resolve("hole");
        final Map<Long, Long> reference = new HashMap<>();
        try (MappedHashTable table = MappedHashTable.open(file, 1, 2, 40, false))
        {
            for (long k = 1; k <= 40; k++)
            {
                MEMORY.writeLong(table.acquire(k, 0), k * 10);
                reference.put(k, k * 10);
            }
            // A removal freed a slot inside a chain and died before moving the next record up.
            final long victim = occupiedSlotFollowedByOneDisplaced(table);
            final long victimKey = MEMORY.readLong(victim);
            MEMORY.writeLong(victim, 0);
            reference.remove(victimKey);
            MEMORY.writeLong(headerAddress(table) + 32, 3);
        }
        try (MappedHashTable table = MappedHashTable.open(file, 1, 2, 40, true))
        {
            assertEquals(reference.size(), table.size());
            reference.forEach((k, v) -> assertEquals(v, MEMORY.readLong(table.find(k, 0)), "key " + k));
        }
    }

    @Test
    void refusesAFileOfAnotherLayout() throws Exception
    {
        final Path file = dir.resolve("layout");
        MappedHashTable.open(file, 1, 2, 10, false).close();
        final Exception e = assertThrows(java.io.IOException.class, () -> MappedHashTable.open(file, 2, 2, 10, false));
        assertTrue(e.getMessage().contains("not a ledger table of this layout"), e.getMessage());
    }

    @Test
    void readersNeverMissAPresentKeyWhileTheWriterMovesRecords() throws Exception
    {
        try (MappedHashTable table = MappedHashTable.open(dir.resolve("concurrent"), 1, 1, 1_000, false))
        {
            // Key 1 stays; keys around it come and go, moving records through its chain.
            MEMORY.writeLong(table.acquire(1, 0), 42);
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicLong misses = new AtomicLong();
            final Thread reader = new Thread(() ->
            {
                while (!stop.get())
                {
                    final long version = table.readBegin();
                    final long address = table.find(1, 0);
                    final long value = address == 0 ? -1 : MEMORY.readLong(address);
                    if (table.readValid(version) && value != 42)
                    {
                        misses.incrementAndGet();
                    }
                }
            });
            reader.start();
            final SplittableRandom random = new SplittableRandom(7);
            final List<Long> live = new ArrayList<>();
            for (int i = 0; i < 300_000; i++)
            {
                if (live.size() < 700 && random.nextBoolean())
                {
                    final long k = 2 + random.nextInt(5_000);
                    if (table.find(k, 0) == 0)
                    {
                        MEMORY.writeLong(table.acquire(k, 0), k);
                        live.add(k);
                    }
                }
                else if (!live.isEmpty())
                {
                    table.remove(live.remove(random.nextInt(live.size())), 0);
                }
            }
            stop.set(true);
            reader.join();
            assertEquals(0, misses.get(), "a validated read always finds the key that never left");
        }
    }

    private static void assertAllPresent(final MappedHashTable table, final Map<List<Long>, Long> reference,
        final long seed)
    {
        reference.forEach((key, value) ->
        {
            final long address = table.find(key.get(0), key.get(1));
            assertNotEquals(0, address, "present key " + key + " (seed " + seed + ")");
            assertEquals(value, MEMORY.readLong(address), "value of " + key + " (seed " + seed + ")");
            assertEquals(~value, MEMORY.readLong(address + 16), "last word of " + key + " (seed " + seed + ")");
        });
    }

    /** The file is mapped from its first byte: the header starts at the base address. */
    private static long headerAddress(final MappedHashTable table)
    {
        return table.baseAddress();
    }

    private static long firstFreeSlot(final MappedHashTable table)
    {
        for (long slot = 0; slot < table.slots(); slot++)
        {
            final long at = table.slotAddressForTest(slot);
            if (MEMORY.readLong(at) == 0)
            {
                return at;
            }
        }
        throw new AssertionError("no free slot");
    }

    /** A slot whose next slot holds a record that is not at its home (so freeing it breaks a chain). */
    private static long occupiedSlotFollowedByOneDisplaced(final MappedHashTable table)
    {
        for (long slot = 0; slot + 1 < table.slots(); slot++)
        {
            final long at = table.slotAddressForTest(slot);
            final long next = table.slotAddressForTest(slot + 1);
            final long nextKey = MEMORY.readLong(next);
            if (MEMORY.readLong(at) != 0 && nextKey != 0 && table.homeForTest(nextKey, 0) != slot + 1 &&
                table.homeForTest(nextKey, 0) <= slot)
            {
                return at;
            }
        }
        throw new AssertionError("no chain to break; the keys hash without collisions at this size");
    }
}
