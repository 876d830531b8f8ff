package io.stockring.core.ledger;

import io.stockring.core.format.FormatException;
import net.openhft.chronicle.core.Memory;
import net.openhft.chronicle.core.OS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * The ledger's short-lived records (reservations, request outcomes): fixed-size records in one
 * memory-mapped file, laid out in the order they are created, found through a hash index in
 * native memory. Built for the one writer: no locks, no allocation after open (see
 * docs/decisions/0009-ledger-tables.md for why these records left Chronicle Map).
 *
 * <pre>
 *   file header (4096 bytes)   0 magic, 8 key words (high 32 bits) and value words (low 32), 16 slot count
 *   slots from byte 4096, each: key words (word 0 non-zero while the record lives), append number, value words
 * </pre>
 *
 * <p>Why a ring: records are created, updated soon after (a reservation is confirmed within
 * minutes) and removed roughly in creation order (retention). Appending at a head keeps the writes
 * of a burst on a few pages, where hashed placement dirtied a new page per record and the kernel
 * then wrote back gigabytes of scattered pages, stalling the journal's fsyncs behind them. A
 * record still live when the head comes round again is moved to the head (rare: the ring has a
 * quarter more slots than the records it accepts).
 *
 * <p>Crash safety. An append zeroes the value, writes the append number and the key's second
 * word, then the first: a slot is free or holds a whole key (the record's own checksum covers
 * the value, as before). A move copies the record to the head before freeing its old slot, so a
 * process death leaves it once or twice, never lost; the index is rebuilt from the slots at every
 * open, keeping the newer copy. Freeing is one 8-byte store.
 *
 * <p>Readers on other threads: {@link #readBegin()}, {@link #find}, copy the record,
 * {@link #readValid}; retry when index entries or records moved meanwhile (a seqlock: the index
 * moves entries on removal and on some insertions, and a freed slot may be reused).
 */
final class RecordRing implements AutoCloseable
{
    static final int HEADER_BYTES = 4096;
    private static final long MAGIC = 0x53524e4749523031L; // "SRNGIR01"
    private static final int FORMAT = 8;
    private static final int SLOT_COUNT = 16;

    /** Index entry: the hash's top 28 bits (home and a tag that spares most key compares), then slot + 1. */
    private static final int SLOT_BITS = 36;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final int TAG_BITS = 64 - SLOT_BITS;

    private static final Memory MEMORY = OS.memory();

    private final Path file;
    private final boolean sequentialKeys;
    private final int keyWords;
    private final int valueWords;
    private final long slotBytes;
    private final long valueOffset;
    private final long slots;
    private final long base;
    private final long mappedBytes;

    /** Off-heap: the index grows with the capacity (hundreds of MB for tens of millions of records). */
    private final long index;
    private final long indexBytes;
    private final int indexBits;
    private final long indexMask;

    /** Next append number; the slot of append number n is n mod slots. */
    private long head;
    /** No live record has an append number below this. */
    private long tail;
    private long live;
    private long moves;
    /** Odd while the writer frees a slot or moves index entries: readers retry. */
    private volatile long version;

    private RecordRing(final Path file, final boolean sequentialKeys, final int keyWords, final int valueWords,
        final long slots, final long base, final long mappedBytes)
    {
        this.file = file;
        this.sequentialKeys = sequentialKeys;
        this.keyWords = keyWords;
        this.valueWords = valueWords;
        this.slotBytes = (keyWords + 1L + valueWords) * 8;
        this.valueOffset = (keyWords + 1L) * 8;
        this.slots = slots;
        this.base = base;
        this.mappedBytes = mappedBytes;
        // At most 4/5 full when the ring holds all it accepts, usually far less.
        this.indexBits = Math.max(4, 64 - Long.numberOfLeadingZeros(slots - 1));
        if (indexBits > TAG_BITS)
        {
            throw new IllegalArgumentException("a record ring holds at most 2^28 slots, asked for " + slots);
        }
        this.indexMask = (1L << indexBits) - 1;
        this.indexBytes = (1L << indexBits) * 8;
        this.index = MEMORY.allocate(indexBytes);
        MEMORY.setMemory(index, indexBytes, (byte)0);
    }

    /** The slot count for {@code capacity} records: a quarter more, so a head that comes round mostly finds free slots. */
    static long slotsFor(final long capacity)
    {
        return Math.max(16, capacity + capacity / 4 + 2);
    }

    /**
     * Opens the ring in {@code file}, creating it (written out in full) when absent, and rebuilds
     * the index from its slots.
     *
     * @param sequentialKeys keys are 1 word, mostly created and removed in increasing order (see {@link #hash})
     */
    static RecordRing open(final Path file, final int keyWords, final int valueWords, final long capacity,
        final boolean sequentialKeys) throws IOException
    {
        if (keyWords < 1 || keyWords > 2 || valueWords < 1 || (sequentialKeys && keyWords != 1))
        {
            throw new IllegalArgumentException("keys are 1 or 2 words (sequential keys 1), values at least 1: " +
                keyWords + "/" + valueWords);
        }
        final long slotBytes = (keyWords + 1L + valueWords) * 8;
        if (!Files.exists(file) || Files.size(file) < HEADER_BYTES)
        {
            create(file, keyWords, valueWords, slotsFor(capacity), slotBytes);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
            ch.read(header, 0);
            header.flip();
            final long magic = header.getLong();
            final long format = header.getLong();
            final long slots = header.getLong();
            if (magic != MAGIC)
            {
                throw FormatException.of(file, "magic 0x" + Long.toHexString(magic),
                    "record rings (magic 0x" + Long.toHexString(MAGIC) + ")");
            }
            if (format != ((long)keyWords << 32 | valueWords))
            {
                throw FormatException.of(file, "records of " + (format >>> 32) + " key and " + (int)format +
                    " value words", "records of " + keyWords + " key and " + valueWords + " value words");
            }
            if (slots < 16 || ch.size() < HEADER_BYTES + slots * slotBytes)
            {
                throw new IOException(file + " is damaged: its header says " + slots + " slots, its size is " +
                    ch.size() + " bytes");
            }
            final long bytes = OS.mapAlign(HEADER_BYTES + slots * slotBytes);
            final long base = OS.map(ch, FileChannel.MapMode.READ_WRITE, 0, bytes);
            final RecordRing ring = new RecordRing(file, sequentialKeys, keyWords, valueWords, slots, base, bytes);
            try
            {
                ring.rebuildIndex();
            }
            catch (final RuntimeException e)
            {
                ring.close();
                throw e;
            }
            return ring;
        }
    }

    /**
     * Creates the ring's file whole or not at all: written out and given its header under a
     * temporary name, then renamed. Writing gigabytes takes seconds, and a process killed in the
     * middle used to leave a file without a header that the next start refused.
     */
    private static void create(final Path file, final int keyWords, final int valueWords, final long slots,
        final long slotBytes) throws IOException
    {
        final Path creating = file.resolveSibling(file.getFileName() + ".creating");
        Files.deleteIfExists(creating);
        try (FileChannel ch = FileChannel.open(creating, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            allocate(ch, HEADER_BYTES + slots * slotBytes);
            final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
            header.putLong(MAGIC).putLong((long)keyWords << 32 | valueWords).putLong(slots).flip();
            while (header.hasRemaining())
            {
                ch.write(header, header.position());
            }
            ch.force(true);
        }
        Files.move(creating, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ))
        {
            dir.force(true);
        }
    }

    /**
     * Writes the whole file with zeros, 4 KiB at a time. A sparse file would make the first write
     * to each page wait for the file system to allocate a block; large writes would give the page
     * cache large folios, and a record update would then dirty up to megabytes for writeback.
     */
    private static void allocate(final FileChannel ch, final long length) throws IOException
    {
        final ByteBuffer zeros = ByteBuffer.allocateDirect(4096);
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

    /** How many records this ring takes (fixed when its file was created). */
    long capacity()
    {
        return slots - slots / 5 - 2;
    }

    long size()
    {
        return live;
    }

    /** Records moved to the head because they were still live when it came round (since open). */
    long moves()
    {
        return moves;
    }

    // ------------------------------------------------------------------ look-ups

    /**
     * The address of the value stored under the key, or 0 when absent. Writer thread, or a reader
     * between {@link #readBegin()} and {@link #readValid}.
     */
    long find(final long k0, final long k1)
    {
        final long at = indexOf(k0, k1, hash(k0, k1));
        return at < 0 ? 0 : slotAddress((entry(at) & SLOT_MASK) - 1) + valueOffset;
    }

    /** The index position of the key's entry, or -1. */
    private long indexOf(final long k0, final long k1, final long hash)
    {
        final long tag = hash >>> SLOT_BITS;
        long i = hash >>> (64 - indexBits);
        for (long distance = 0; ; distance++)
        {
            final long entry = entry(i);
            // Robin Hood order: past an entry nearer its home than we are to ours, the key is absent.
            if (entry == 0 || ((i - home(entry)) & indexMask) < distance)
            {
                return -1;
            }
            if (entry >>> SLOT_BITS == tag)
            {
                final long at = slotAddress((entry & SLOT_MASK) - 1);
                if (MEMORY.readLong(at) == k0 && (keyWords == 1 || MEMORY.readLong(at + 8) == k1))
                {
                    return i;
                }
            }
            i = (i + 1) & indexMask;
        }
    }

    /** The value address of the oldest live record (the one at the tail), or 0 when the ring is empty. Writer thread. */
    long oldest()
    {
        return tail < head ? slotAddress(tail % slots) + valueOffset : 0;
    }

    // ------------------------------------------------------------------ writer

    /**
     * The address of the value stored under the key, appending a zeroed record when absent. The
     * caller keeps the number of records within {@link #capacity()}.
     */
    long acquire(final long k0, final long k1)
    {
        if (k0 == 0)
        {
            throw new IllegalArgumentException("key word 0 must be non-zero");
        }
        final long hash = hash(k0, k1);
        final long at = indexOf(k0, k1, hash);
        if (at >= 0)
        {
            return slotAddress((entry(at) & SLOT_MASK) - 1) + valueOffset;
        }
        if (live >= slots - 2)
        {
            throw new IllegalStateException(file + " is full (" + live + " records in " + slots + " slots)");
        }
        makeRoom();
        final long slot = head % slots;
        final long address = slotAddress(slot);
        // Word stores, not setMemory: for a few words its call costs more than the stores.
        for (long word = address + valueOffset, end = word + valueWords * 8L; word < end; word += 8)
        {
            MEMORY.writeLong(word, 0);
        }
        writeKey(address, k0, k1, head);
        insertIndex(hash, slot);
        head++;
        live++;
        return address + valueOffset;
    }

    /**
     * Frees the key's record.
     *
     * @return false if the key was absent
     */
    boolean remove(final long k0, final long k1)
    {
        final long at = indexOf(k0, k1, hash(k0, k1));
        if (at < 0)
        {
            return false;
        }
        final long address = slotAddress((entry(at) & SLOT_MASK) - 1);
        final long v = version;
        version = v + 1;
        MEMORY.writeOrderedLong(address, 0);
        deleteIndex(at);
        version = v + 2;
        live--;
        while (tail < head && MEMORY.readLong(slotAddress(tail % slots)) == 0)
        {
            tail++;
        }
        return true;
    }

    /**
     * Keeps one free slot ahead of the head: records still live at the tail move to the head
     * (copy first, then free the old slot) until the tail reaches a free slot.
     */
    private void makeRoom()
    {
        while (head - tail >= slots - 1)
        {
            final long from = slotAddress(tail % slots);
            final long k0 = MEMORY.readLong(from);
            if (k0 != 0)
            {
                final long k1 = keyWords == 2 ? MEMORY.readLong(from + 8) : 0;
                final long slot = head % slots;
                final long to = slotAddress(slot);
                MEMORY.copyMemory(from + valueOffset, to + valueOffset, (long)valueWords * 8);
                writeKey(to, k0, k1, head);
                final long at = indexOf(k0, k1, hash(k0, k1));
                final long v = version;
                version = v + 1;
                entry(at, (entry(at) & ~SLOT_MASK) | (slot + 1));
                MEMORY.writeOrderedLong(from, 0);
                version = v + 2;
                head++;
                moves++;
            }
            tail++;
        }
    }

    private void writeKey(final long address, final long k0, final long k1, final long appendNumber)
    {
        MEMORY.writeLong(address + (keyWords * 8L), appendNumber);
        if (keyWords == 2)
        {
            MEMORY.writeLong(address + 8, k1);
        }
        MEMORY.writeOrderedLong(address, k0);
    }

    /**
     * Robin Hood insertion: an entry further from its home takes the place of one nearer to its
     * own, which moves on. Probe lengths stay even, a miss ends early, and a removal's backward
     * shift stops at the first entry at its home. Readers retry while entries move.
     */
    private void insertIndex(final long hash, final long slot)
    {
        long carried = (hash >>> SLOT_BITS) << SLOT_BITS | (slot + 1);
        long i = hash >>> (64 - indexBits);
        long distance = 0;
        long v = -1;
        while (true)
        {
            final long entry = entry(i);
            if (entry == 0)
            {
                entry(i, carried);
                break;
            }
            final long entryDistance = (i - home(entry)) & indexMask;
            if (entryDistance < distance)
            {
                if (v < 0)
                {
                    v = version;
                    version = v + 1;
                }
                entry(i, carried);
                carried = entry;
                distance = entryDistance;
            }
            i = (i + 1) & indexMask;
            distance++;
        }
        if (v >= 0)
        {
            version = v + 2;
        }
    }

    private long home(final long entry)
    {
        return entry >>> (64 - indexBits);
    }

    /** Removes entry {@code removed}, shifting the rest of its run back one place (no tombstones). */
    private void deleteIndex(final long removed)
    {
        long hole = removed;
        long i = (hole + 1) & indexMask;
        long entry;
        // Robin Hood order: the run ends at a free entry or at one already at its home.
        while ((entry = entry(i)) != 0 && ((i - home(entry)) & indexMask) != 0)
        {
            entry(hole, entry);
            hole = i;
            i = (i + 1) & indexMask;
        }
        entry(hole, 0);
    }

    private long entry(final long i)
    {
        return MEMORY.readLong(index + (i << 3));
    }

    private void entry(final long i, final long value)
    {
        MEMORY.writeLong(index + (i << 3), value);
    }

    /** Visits the value address of every live record, oldest first (writer thread, or no writer). */
    void forEach(final LongConsumer valueVisitor)
    {
        for (long n = tail; n < head; n++)
        {
            final long address = slotAddress(n % slots);
            if (MEMORY.readLong(address) != 0)
            {
                valueVisitor.accept(address + valueOffset);
            }
        }
    }

    /** Word {@code word} of the key of the record whose value is at {@code valueAddress}. */
    long keyOf(final long valueAddress, final int word)
    {
        return MEMORY.readLong(valueAddress - valueOffset + word * 8L);
    }

    // ------------------------------------------------------------------ readers

    /** Starts a concurrent read: returns the version to pass to {@link #readValid}. */
    long readBegin()
    {
        long v;
        while (((v = version) & 1) != 0)
        {
            Thread.onSpinWait();
        }
        return v;
    }

    /** Whether nothing was freed or moved since {@link #readBegin()} returned {@code v}: what was read stands. */
    boolean readValid(final long v)
    {
        java.lang.invoke.VarHandle.loadLoadFence();
        return version == v;
    }

    // ------------------------------------------------------------------ open and close

    /**
     * Rebuilds the index, head, tail and count from the slots. A record found twice (a move cut by
     * a process death) keeps its newer copy; the older slot is freed.
     */
    private void rebuildIndex()
    {
        long newest = -1;
        long oldest = Long.MAX_VALUE;
        for (long slot = 0; slot < slots; slot++)
        {
            final long address = slotAddress(slot);
            final long k0 = MEMORY.readLong(address);
            if (k0 == 0)
            {
                continue;
            }
            final long k1 = keyWords == 2 ? MEMORY.readLong(address + 8) : 0;
            final long appendNumber = MEMORY.readLong(address + keyWords * 8L);
            if (appendNumber < 0 || appendNumber % slots != slot)
            {
                throw new IllegalStateException(file + ": slot " + slot + " holds append number " + appendNumber +
                    ", which belongs elsewhere: the file is damaged");
            }
            final long hash = hash(k0, k1);
            final long at = indexOf(k0, k1, hash);
            if (at >= 0)
            {
                final long otherSlot = (entry(at) & SLOT_MASK) - 1;
                final long other = slotAddress(otherSlot);
                if (MEMORY.readLong(other + keyWords * 8L) > appendNumber)
                {
                    MEMORY.writeOrderedLong(address, 0);
                    continue;
                }
                MEMORY.writeOrderedLong(other, 0);
                entry(at, (entry(at) & ~SLOT_MASK) | (slot + 1));
            }
            else
            {
                insertIndex(hash, slot);
                live++;
            }
            newest = Math.max(newest, appendNumber);
        }
        head = newest + 1;
        for (long n = Math.max(0, head - slots); n < head; n++)
        {
            final long address = slotAddress(n % slots);
            if (MEMORY.readLong(address) != 0 && MEMORY.readLong(address + keyWords * 8L) == n)
            {
                oldest = n;
                break;
            }
        }
        tail = oldest == Long.MAX_VALUE ? head : oldest;
    }

    @Override
    public void close() throws IOException
    {
        MEMORY.freeMemory(index, indexBytes);
        OS.unmap(base, mappedBytes);
    }

    // ------------------------------------------------------------------ addressing

    /**
     * The key's hash: its top bits are the home index position. Reservation ids are journal
     * sequences, made and purged in order, so they keep their order in the index (home = id
     * modulo the index size, the rest of the hash a tag): the entries a burst touches share cache
     * lines, where scattered homes cost a cache miss per look-up. Request keys are hashes already.
     */
    private long hash(final long k0, final long k1)
    {
        if (sequentialKeys)
        {
            return k0 << (64 - indexBits) | mix(k0, 0) >>> indexBits;
        }
        return mix(k0, k1);
    }

    private static long mix(final long k0, final long k1)
    {
        long h = k0 * 0x9E3779B97F4A7C15L ^ k1;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return h ^ (h >>> 32);
    }

    private long slotAddress(final long slot)
    {
        return base + HEADER_BYTES + slot * slotBytes;
    }

    long slotAddressForTest(final long slot)
    {
        return slotAddress(slot);
    }

    long slotBytesForTest()
    {
        return slotBytes;
    }

    long slots()
    {
        return slots;
    }
}
