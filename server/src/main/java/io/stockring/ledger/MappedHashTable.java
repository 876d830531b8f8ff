package io.stockring.ledger;

import net.openhft.chronicle.core.Memory;
import net.openhft.chronicle.core.OS;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A persisted hash table of fixed-size records in one memory-mapped file, for the ledger's
 * short-lived records (reservations, request outcomes): open addressing with linear probing,
 * removal by backward shift, so a look-up is a hash and a cache line or two, an insert writes
 * one slot and a removal leaves no tombstone. Built for the one writer: no locks, no allocation
 * (see docs/decisions/0009-ledger-tables.md for why these records left Chronicle Map).
 *
 * <pre>
 *   header (4096 bytes)
 *     0   magic
 *     8   key words (high 32 bits) and value words (low 32 bits)
 *     16  slot count
 *     24  occupied slots
 *     32  move version: odd while a removal moves records up the probe chain
 *   slots from byte 4096, each: key words, then value words; key word 0 is non-zero when used
 * </pre>
 *
 * <p>Crash safety. An insert writes zeroed value words and the key's second word before its first
 * word, so a slot is either free or holds its key (the record's own checksum covers the value).
 * A removal may move several records; the move version is odd meanwhile, and a table found odd
 * at open was cut mid-move (a record missing from its chain, or present twice): {@link #open}
 * then rebuilds it from every occupied slot. No record is ever lost by a torn move: the slot it
 * moves from is overwritten only after it has been copied.
 *
 * <p>Readers on other threads: {@link #readBegin()}, {@link #find}, copy the record,
 * {@link #readValid}, and retry when a move ran meanwhile (a seqlock over moves; inserts never
 * move a record, and a half-written record fails its own checksum).
 */
final class MappedHashTable implements AutoCloseable
{
    static final int HEADER_BYTES = 4096;
    private static final long MAGIC = 0x53524854424c3031L; // "SRHTBL01"
    private static final int FORMAT = 8;
    private static final int SLOTS = 16;
    private static final int OCCUPIED = 24;
    private static final int MOVE_VERSION = 32;
    /** At most 4 records per 5 slots: linear probing stays short up to this load. */
    private static final long LOAD_NUMERATOR = 4;
    private static final long LOAD_DENOMINATOR = 5;

    private static final Memory MEMORY = OS.memory();
    private static volatile long prefaultSink;

    private final Path file;
    private final int keyWords;
    private final int valueWords;
    private final int slotBytes;
    private final long slots;
    private final long mappedBytes;
    private final long base;
    private long occupied;

    private MappedHashTable(final Path file, final int keyWords, final int valueWords, final long slots,
        final long base, final long mappedBytes)
    {
        this.file = file;
        this.keyWords = keyWords;
        this.valueWords = valueWords;
        this.slotBytes = (keyWords + valueWords) * 8;
        this.slots = slots;
        this.base = base;
        this.mappedBytes = mappedBytes;
        this.occupied = MEMORY.readLong(base + OCCUPIED);
    }

    /** The slot count for {@code capacity} records: enough that the load stays at or under 4/5. */
    static long slotsFor(final long capacity)
    {
        final long slots = Math.max(16, (capacity * LOAD_DENOMINATOR + LOAD_NUMERATOR - 1) / LOAD_NUMERATOR);
        if (slots > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("a ledger table holds at most " +
                Integer.MAX_VALUE / LOAD_DENOMINATOR * LOAD_NUMERATOR + " records, asked for " + capacity);
        }
        return slots;
    }

    /** How many records this table takes (fixed when its file was created). */
    long capacity()
    {
        return slots * LOAD_NUMERATOR / LOAD_DENOMINATOR;
    }

    /**
     * Opens the table in {@code file}, creating it (written out in full) when absent.
     *
     * @param recover true after an unclean stop: recount the occupied slots, and rebuild if a move was cut
     */
    static MappedHashTable open(final Path file, final int keyWords, final int valueWords, final long capacity,
        final boolean recover) throws IOException
    {
        if (keyWords < 1 || keyWords > 2 || valueWords < 1)
        {
            throw new IllegalArgumentException("keys are 1 or 2 words, values at least 1: " + keyWords + "/" + valueWords);
        }
        final boolean exists = Files.exists(file) && Files.size(file) >= HEADER_BYTES;
        MappedHashTable table = map(file, keyWords, valueWords, slotsFor(capacity), !exists);
        if (recover && exists)
        {
            if ((MEMORY.readVolatileLong(table.base + MOVE_VERSION) & 1) != 0)
            {
                table = table.rebuild();
            }
            table.recount();
        }
        return table;
    }

    private static MappedHashTable map(final Path file, final int keyWords, final int valueWords, final long newSlots,
        final boolean create) throws IOException
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final long slotBytes = (keyWords + valueWords) * 8L;
            long slots = newSlots;
            if (create)
            {
                ch.truncate(0);
                allocate(ch, HEADER_BYTES + slots * slotBytes);
            }
            else
            {
                final java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.nativeOrder());
                ch.read(header, 0);
                header.flip();
                final long magic = header.getLong();
                final long format = header.getLong();
                slots = header.getLong();
                if (magic != MAGIC || format != ((long)keyWords << 32 | valueWords) || slots < 1 ||
                    ch.size() < HEADER_BYTES + slots * slotBytes)
                {
                    throw new IOException(file + " is not a ledger table of this layout (magic " +
                        Long.toHexString(magic) + ", format " + Long.toHexString(format) + ", " + slots + " slots)");
                }
            }
            final long bytes = OS.mapAlign(HEADER_BYTES + slots * slotBytes);
            final long base = OS.map(ch, FileChannel.MapMode.READ_WRITE, 0, bytes);
            prefault(base, bytes);
            if (create)
            {
                MEMORY.writeLong(base + FORMAT, (long)keyWords << 32 | valueWords);
                MEMORY.writeLong(base + SLOTS, slots);
                MEMORY.writeLong(base + OCCUPIED, 0);
                MEMORY.writeLong(base + MOVE_VERSION, 0);
                MEMORY.writeOrderedLong(base, MAGIC);
            }
            return new MappedHashTable(file, keyWords, valueWords, slots, base, bytes);
        }
    }

    /**
     * Writes the whole file with zeros. Records land in random slots: in a sparse file nearly every
     * insert would be the first write to its page, and the writer would wait on the file system
     * allocating a block for it (hundreds of milliseconds when that queues behind a journal commit).
     */
    private static void allocate(final FileChannel ch, final long length) throws IOException
    {
        final java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocateDirect(4096);
        for (long at = 0; at < length; at += zeros.capacity())
        {
            zeros.clear().limit((int)Math.min(zeros.capacity(), length - at));
            while (zeros.hasRemaining())
            {
                ch.write(zeros, at + zeros.position());
            }
        }
        ch.force(true);
    }

    /** Reads one word per page so the mapping's pages are resident before the writer needs them. */
    private static void prefault(final long base, final long bytes)
    {
        long sum = 0;
        for (long at = 0; at < bytes; at += 4096)
        {
            sum += MEMORY.readLong(base + at);
        }
        prefaultSink = sum; // a use of the loads, so they are not optimised away
    }

    long slots()
    {
        return slots;
    }

    long size()
    {
        return occupied;
    }

    // ------------------------------------------------------------------ writer

    /**
     * The address of the value stored under the key, or 0 when absent. Writer thread, or a reader
     * inside {@link #readBegin()} / {@link #readValid}.
     */
    long find(final long k0, final long k1)
    {
        long slot = home(k0, k1);
        for (long probes = 0; probes < slots; probes++)
        {
            final long at = slotAddress(slot);
            final long found = MEMORY.readLong(at);
            if (found == 0)
            {
                return 0;
            }
            if (found == k0 && (keyWords == 1 || MEMORY.readLong(at + 8) == k1))
            {
                return at + (long)keyWords * 8;
            }
            slot = next(slot);
        }
        return 0;
    }

    /**
     * The address of the value stored under the key, inserting a zeroed value when absent.
     * The caller keeps the count of records within capacity; a full table is a bug.
     */
    long acquire(final long k0, final long k1)
    {
        requireKey(k0);
        long slot = home(k0, k1);
        for (long probes = 0; probes < slots; probes++)
        {
            final long at = slotAddress(slot);
            final long found = MEMORY.readLong(at);
            if (found == 0)
            {
                MEMORY.setMemory(at + (long)keyWords * 8, (long)valueWords * 8, (byte)0);
                if (keyWords == 2)
                {
                    MEMORY.writeLong(at + 8, k1);
                }
                MEMORY.writeOrderedLong(at, k0);
                occupied++;
                MEMORY.writeLong(base + OCCUPIED, occupied);
                return at + (long)keyWords * 8;
            }
            if (found == k0 && (keyWords == 1 || MEMORY.readLong(at + 8) == k1))
            {
                return at + (long)keyWords * 8;
            }
            slot = next(slot);
        }
        throw new IllegalStateException(file + " is full (" + slots + " slots)");
    }

    /**
     * Removes the key's record, moving later records of its probe chain back so that no chain
     * has a hole.
     *
     * @return false if the key was absent
     */
    boolean remove(final long k0, final long k1)
    {
        long hole = home(k0, k1);
        for (long probes = 0; ; probes++)
        {
            final long at = slotAddress(hole);
            final long found = MEMORY.readLong(at);
            if (found == 0 || probes == slots)
            {
                return false;
            }
            if (found == k0 && (keyWords == 1 || MEMORY.readLong(at + 8) == k1))
            {
                break;
            }
            hole = next(hole);
        }
        final long version = MEMORY.readLong(base + MOVE_VERSION);
        MEMORY.writeVolatileLong(base + MOVE_VERSION, version + 1);
        long slot = next(hole);
        for (long probes = 0; probes < slots; probes++)
        {
            final long at = slotAddress(slot);
            final long k = MEMORY.readLong(at);
            if (k == 0)
            {
                break;
            }
            // The record at slot may fill the hole if its home is not in (hole, slot] cyclically.
            final long home = home(k, keyWords == 2 ? MEMORY.readLong(at + 8) : 0);
            if (distance(home, slot) >= distance(hole, slot))
            {
                // Free the hole before filling it: a copy cut half-way then leaves a free slot,
                // never a key over torn words; the source stays whole until it becomes the hole.
                final long to = slotAddress(hole);
                MEMORY.writeOrderedLong(to, 0);
                MEMORY.copyMemory(at + 8, to + 8, slotBytes - 8);
                MEMORY.writeOrderedLong(to, k);
                hole = slot;
            }
            slot = next(slot);
        }
        MEMORY.writeOrderedLong(slotAddress(hole), 0);
        occupied--;
        MEMORY.writeLong(base + OCCUPIED, occupied);
        MEMORY.writeVolatileLong(base + MOVE_VERSION, version + 2);
        return true;
    }

    /** Visits the value address of every occupied slot (writer thread, or no writer). */
    void forEach(final java.util.function.LongConsumer valueVisitor)
    {
        for (long slot = 0; slot < slots; slot++)
        {
            final long at = slotAddress(slot);
            if (MEMORY.readLong(at) != 0)
            {
                valueVisitor.accept(at + (long)keyWords * 8);
            }
        }
    }

    /** The key words of the slot holding the value at {@code valueAddress}. */
    long keyOf(final long valueAddress, final int word)
    {
        return MEMORY.readLong(valueAddress - (long)(keyWords - word) * 8);
    }

    // ------------------------------------------------------------------ readers

    /** Starts a concurrent read: returns the move version to pass to {@link #readValid}. */
    long readBegin()
    {
        long version;
        while (((version = MEMORY.readVolatileLong(base + MOVE_VERSION)) & 1) != 0)
        {
            Thread.onSpinWait();
        }
        return version;
    }

    /** Whether no move ran since {@link #readBegin()} returned {@code version}: what was read stands. */
    boolean readValid(final long version)
    {
        java.lang.invoke.VarHandle.loadLoadFence();
        return MEMORY.readVolatileLong(base + MOVE_VERSION) == version;
    }

    // ------------------------------------------------------------------ maintenance

    private void recount()
    {
        long n = 0;
        for (long slot = 0; slot < slots; slot++)
        {
            if (MEMORY.readLong(slotAddress(slot)) != 0)
            {
                n++;
            }
        }
        occupied = n;
        MEMORY.writeLong(base + OCCUPIED, n);
    }

    /**
     * Re-places every occupied slot into a fresh table and swaps it in: run when a removal's moves
     * were cut by a process death. A record present twice (copied, source not yet cleared) is kept once.
     */
    private MappedHashTable rebuild() throws IOException
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".rebuild");
        Files.deleteIfExists(tmp);
        final MappedHashTable fresh = map(tmp, keyWords, valueWords, slots, true);
        for (long slot = 0; slot < slots; slot++)
        {
            final long at = slotAddress(slot);
            final long k0 = MEMORY.readLong(at);
            if (k0 != 0)
            {
                final long k1 = keyWords == 2 ? MEMORY.readLong(at + 8) : 0;
                if (fresh.find(k0, k1) == 0)
                {
                    final long to = fresh.acquire(k0, k1);
                    MEMORY.copyMemory(at + (long)keyWords * 8, to, (long)valueWords * 8);
                }
            }
        }
        fresh.force();
        fresh.close();
        close();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return map(file, keyWords, valueWords, slots, false);
    }

    /** Writes the mapped pages to the device. */
    void force() throws IOException
    {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            ch.force(true);
        }
    }

    @Override
    public void close() throws IOException
    {
        OS.unmap(base, mappedBytes);
    }

    // ------------------------------------------------------------------ addressing

    long baseAddress()
    {
        return base;
    }

    long slotAddressForTest(final long slot)
    {
        return slotAddress(slot);
    }

    long homeForTest(final long k0, final long k1)
    {
        return home(k0, k1);
    }

    private long home(final long k0, final long k1)
    {
        long h = k0 * 0x9E3779B97F4A7C15L ^ k1;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        // Lemire's range reduction: the high 32 bits of the hash scaled to [0, slots), no division.
        return (h >>> 32) * slots >>> 32;
    }

    private long next(final long slot)
    {
        final long n = slot + 1;
        return n == slots ? 0 : n;
    }

    /** How many steps forward from {@code from} to {@code to}, wrapping. */
    private long distance(final long from, final long to)
    {
        return to >= from ? to - from : to + slots - from;
    }

    private long slotAddress(final long slot)
    {
        return base + HEADER_BYTES + slot * slotBytes;
    }

    private static void requireKey(final long k0)
    {
        if (k0 == 0)
        {
            throw new IllegalArgumentException("key word 0 must be non-zero");
        }
    }
}
