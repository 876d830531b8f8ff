package io.stockring.core.journal;

import io.stockring.core.command.Command;
import io.stockring.core.command.Limits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads the journal at start-up: cuts a torn tail, and replays records after a sequence. Every
 * record read is checked (frame, CRC32C, sequence continuity, parse); a damaged record that is
 * not a torn tail stops start-up with a {@link JournalCorruptException} naming file and offset.
 *
 * <p>A segment starts with its {@link SegmentHeader} (format 2; older segments have none and
 * start with their first record). Its records may be followed by zeros: segments are created at
 * full length and zero-filled ({@link JournalWriter}), so the data ends at the first frame whose
 * length is zero and everything after it must be zero too.
 */
public final class JournalReader
{
    /**
     * What {@link #repairTail} found.
     *
     * @param dataEnd bytes of records in the last segment: where the next record goes
     */
    public record Tail(long firstSeq, long lastSeq, long cutBytes, String cutAt, long dataEnd)
    {
    }

    private static final int ZERO_CHUNK = 64 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();

    private JournalReader()
    {
    }

    /**
     * Validates the last segment and cuts a torn tail: an incomplete or damaged record at the end
     * of the data, after which no valid record follows. A process or machine that dies mid-write
     * leaves exactly that; anything else is corruption and refused. The cut bytes are overwritten
     * with zeros (the segment keeps its length, so the writer goes on appending into space that is
     * already allocated).
     *
     * <p>Reads the whole last segment; see {@link #repairTail(Path, boolean)} to read only its tail.
     */
    public static Tail repairTail(final Path dir) throws IOException
    {
        return repairTail(dir, false);
    }

    /**
     * As {@link #repairTail(Path)}, starting at the writer's {@link TailHint} when {@code useHint}
     * and the hint checks out: pass true only when the machine has not restarted since the
     * journal was written (a process crash or a clean stop), so the page cache holds every byte
     * the writer wrote, hint included.
     */
    public static Tail repairTail(final Path dir, final boolean useHint) throws IOException
    {
        final List<Path> segments = JournalSegments.list(dir);
        if (segments.isEmpty())
        {
            return new Tail(1, 0, 0, null, 0);
        }
        final long firstSeq = JournalSegments.firstSeqOf(segments.get(0));
        final Path last = segments.get(segments.size() - 1);
        final long segmentFirst = JournalSegments.firstSeqOf(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = ch.size();
            if (size == 0)
            {
                return new Tail(firstSeq, segmentFirst - 1, 0, null, 0);
            }
            final MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            map.order(ByteOrder.LITTLE_ENDIAN);
            final CRC32C crc = new CRC32C();
            long expected = segmentFirst;
            int pos = recordsStart(map, (int)size, last, segmentFirst);
            final TailHint.Hint hint = useHint ? TailHint.read(dir) : null;
            if (hint != null && hint.segmentFirstSeq() == segmentFirst && hint.offset() >= pos &&
                hint.offset() < size && hint.seq() >= segmentFirst &&
                isValidAt(map, (int)hint.offset(), (int)size, hint.seq(), crc))
            {
                pos = (int)hint.offset();
                expected = hint.seq();
            }
            while (pos + JournalCodec.FRAME_BYTES <= size && isValidAt(map, pos, (int)size, expected, crc))
            {
                pos += JournalCodec.FRAME_BYTES + map.getInt(pos);
                expected++;
            }
            // Past the data: nothing but zeros is a clean end; other bytes up to the last non-zero one are cut.
            final int end = endOfNonZero(map, pos, (int)size);
            if (end == pos)
            {
                return new Tail(firstSeq, expected - 1, 0, null, pos);
            }
            for (int off = pos + 1; off + JournalCodec.FRAME_BYTES + JournalCodec.MIN_PAYLOAD_BYTES <= end; off++)
            {
                final long seq = map.getLong(Math.min(off + JournalCodec.FRAME_BYTES, (int)size - 8));
                if (seq >= expected && seq < expected + size && isValidAt(map, off, (int)size, seq, crc))
                {
                    throw new JournalCorruptException("journal " + last + " has a damaged record at byte " + pos +
                        " (expected seq " + expected + ") followed by a valid record (seq " + seq + " at byte " + off +
                        "); refusing to start. See ops/RUNBOOK.md, 'Corrupt journal'.");
                }
            }
            final ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long at = pos; at < end; )
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), end - at));
                at += ch.write(zeros, at);
            }
            ch.force(true);
            return new Tail(firstSeq, expected - 1, end - pos, last.getFileName() + "@" + pos, pos);
        }
    }

    /**
     * Replays, in order, every record with a sequence greater than {@code afterSeq}.
     *
     * @return the number of records replayed
     */
    public static long replay(final Path dir, final long afterSeq, final Consumer<Command> consumer)
        throws IOException
    {
        final List<Path> segments = JournalSegments.list(dir);
        int start = 0;
        for (int i = 0; i < segments.size(); i++)
        {
            if (JournalSegments.firstSeqOf(segments.get(i)) <= afterSeq + 1)
            {
                start = i;
            }
        }
        final Command slot = new Command();
        final CRC32C crc = new CRC32C();
        long replayed = 0;
        long expected = segments.isEmpty() ? afterSeq + 1 : JournalSegments.firstSeqOf(segments.get(start));
        if (expected > afterSeq + 1)
        {
            throw new JournalCorruptException("journal starts at seq " + expected + " but records from " +
                (afterSeq + 1) + " are needed: segments are missing from " + dir);
        }
        for (int i = start; i < segments.size(); i++)
        {
            final Path segment = segments.get(i);
            if (JournalSegments.firstSeqOf(segment) != expected)
            {
                throw new JournalCorruptException("journal segment " + segment + " should start at seq " + expected);
            }
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ))
            {
                final long size = ch.size();
                if (size == 0)
                {
                    continue;
                }
                final MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
                map.order(ByteOrder.LITTLE_ENDIAN);
                int pos = recordsStart(map, (int)size, segment, expected);
                while (pos < size)
                {
                    if (pos + JournalCodec.FRAME_BYTES <= size && map.getInt(pos) == 0 &&
                        endOfNonZero(map, pos, (int)size) == pos)
                    {
                        break; // the zeros after the data
                    }
                    if (!isValidAt(map, pos, (int)size, expected, crc))
                    {
                        throw new JournalCorruptException("journal " + segment + " has a damaged record at byte " +
                            pos + " (expected seq " + expected + "); refusing to replay it. " +
                            "See ops/RUNBOOK.md, 'Corrupt journal'.");
                    }
                    final int length = map.getInt(pos);
                    if (expected > afterSeq)
                    {
                        map.position(pos + JournalCodec.FRAME_BYTES);
                        JournalCodec.decodePayload(map, length, slot);
                        consumer.accept(slot);
                        replayed++;
                    }
                    pos += JournalCodec.FRAME_BYTES + length;
                    expected++;
                }
            }
        }
        return replayed;
    }

    /**
     * Where the records start. A segment with zeros where its header belongs is read from byte 0
     * as before headers existed: all zeros is an empty segment, anything else a torn tail or damage.
     */
    static int recordsStart(final ByteBuffer map, final int size, final Path segment, final long firstSeq)
    {
        final int start = SegmentHeader.recordsStart(map, size, segment, firstSeq);
        return start == SegmentHeader.UNWRITTEN ? 0 : start;
    }

    /** One past the last non-zero byte in [from, size), or {@code from} when they are all zero. */
    private static int endOfNonZero(final ByteBuffer map, final int from, final int size)
    {
        // Whole chunks first, compared with zeros in bulk (vectorised): the zeros after the data
        // are most of a segment, and a byte-by-byte look at them was most of a restart's tail check.
        int end = size;
        while (end - from >= ZERO_CHUNK && map.slice(end - ZERO_CHUNK, ZERO_CHUNK).mismatch(ZEROS) == -1)
        {
            end -= ZERO_CHUNK;
        }
        while (end > from && map.get(end - 1) == 0)
        {
            end--;
        }
        return end;
    }

    private static boolean isValidAt(final ByteBuffer map, final int pos, final int size, final long expectedSeq,
        final CRC32C crc)
    {
        if (pos + JournalCodec.FRAME_BYTES > size)
        {
            return false;
        }
        final int length = map.getInt(pos);
        if (length < JournalCodec.MIN_PAYLOAD_BYTES || length > Limits.MAX_RECORD_BYTES ||
            (long)pos + JournalCodec.FRAME_BYTES + length > size)
        {
            return false;
        }
        final int payload = pos + JournalCodec.FRAME_BYTES;
        if (map.getLong(payload) != expectedSeq)
        {
            return false;
        }
        crc.reset();
        final int limit = map.limit();
        map.limit(payload + length).position(payload);
        crc.update(map);
        map.limit(limit);
        if ((int)crc.getValue() != map.getInt(pos + 4))
        {
            return false;
        }
        map.position(payload);
        return JournalCodec.decodePayload(map, length, SCRATCH.get());
    }

    private static final ThreadLocal<Command> SCRATCH = ThreadLocal.withInitial(Command::new);
}
