package io.stockring.core.journal;

import io.stockring.core.command.Limits;
import io.stockring.core.format.FormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The first {@value #BYTES} bytes of a journal segment, little-endian:
 *
 * <pre>
 *   0  long  magic "STKRJRNL"
 *   8  int   format version ({@value #VERSION})
 *  12  int   header length ({@value #BYTES}): records start here
 *  16  long  first sequence (the file name says it too)
 *  24  int   CRC32C of the other 60 bytes of the header
 *  28  ...   zeros
 * </pre>
 *
 * Segments written before the header existed (format 1) start with their first record; they are
 * still read, and the writer appends to one in its own layout, so a segment never mixes formats.
 * A segment whose first bytes are zero was created but never written (the writer gives it its
 * header when it opens it).
 */
final class SegmentHeader
{
    static final int BYTES = 64;
    static final int VERSION = 2;
    /** Format 1: no header, records from byte 0. */
    static final int HEADERLESS = 1;
    static final long MAGIC = 0x4C4E524A524B5453L; // "STKRJRNL" read as a little-endian long
    /** Where records start in a segment that has no header yet: nothing has been written to it. */
    static final int UNWRITTEN = -1;

    private static final int CRC_AT = 24;

    private SegmentHeader()
    {
    }

    /** The header of a segment whose first record will be {@code firstSeq}. */
    static ByteBuffer of(final long firstSeq)
    {
        final ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putInt(VERSION).putInt(BYTES).putLong(firstSeq);
        b.putInt(CRC_AT, crc(b));
        return b.clear();
    }

    /**
     * Where the records of {@code segment} start: {@value #BYTES} for format 2, 0 for a headerless
     * (format 1) segment, {@link #UNWRITTEN} when its first bytes are zero.
     *
     * @throws FormatException for another format version, or a file that is not a segment
     */
    static int recordsStart(final ByteBuffer map, final int size, final Path segment, final long firstSeq)
    {
        if (size < Long.BYTES || map.getLong(0) == 0)
        {
            return UNWRITTEN;
        }
        if (map.getLong(0) == MAGIC)
        {
            if (size < BYTES)
            {
                throw new JournalCorruptException("journal segment " + segment + " has a header cut at byte " + size);
            }
            final int version = map.getInt(8);
            if (version != VERSION)
            {
                throw FormatException.of("journal segment " + segment, "format version " + version,
                    "versions " + HEADERLESS + " (headerless) and " + VERSION);
            }
            if (map.getInt(CRC_AT) != crc(map) || map.getInt(12) != BYTES)
            {
                throw new JournalCorruptException("journal segment " + segment + " has a damaged header; " +
                    "refusing to start. See ops/RUNBOOK.md, 'Corrupt journal'.");
            }
            if (map.getLong(16) != firstSeq)
            {
                throw new JournalCorruptException("journal segment " + segment + " says it starts at seq " +
                    map.getLong(16) + " but its name says " + firstSeq);
            }
            return BYTES;
        }
        final int length = map.getInt(0);
        if (length >= JournalCodec.MIN_PAYLOAD_BYTES && length <= Limits.MAX_RECORD_BYTES &&
            size >= JournalCodec.FRAME_BYTES + 8 &&
            map.getLong(JournalCodec.FRAME_BYTES) == firstSeq)
        {
            return 0; // headerless: the first record's frame and the sequence its name gives
        }
        final StringBuilder found = new StringBuilder("bytes");
        for (int i = 0; i < 8; i++)
        {
            found.append(String.format(" %02x", map.get(i)));
        }
        throw FormatException.of("journal segment " + segment, found + " at its start",
            "segments that start with the magic \"STKRJRNL\" (format " + VERSION + ") or with their first record" +
                " (format " + HEADERLESS + ")");
    }

    private static int crc(final ByteBuffer b)
    {
        final CRC32C crc = new CRC32C();
        for (int i = 0; i < BYTES; i++)
        {
            if (i < CRC_AT || i >= CRC_AT + Integer.BYTES)
            {
                crc.update(b.get(i));
            }
        }
        return (int)crc.getValue();
    }
}
