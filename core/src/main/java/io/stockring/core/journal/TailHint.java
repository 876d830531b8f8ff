package io.stockring.core.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Where {@link JournalReader#repairTail} may start reading the last segment instead of its first
 * record: a record the writer has written (and, in sync mode, made durable) in that segment. The
 * writer rewrites it in place every {@link #EVERY_BYTES} of records, without an fsync, so that a
 * restart after a process crash reads a few megabytes of the tail instead of up to a whole
 * segment (a 256 MiB segment of 1 M records took 0.5 s to read through at start-up).
 *
 * <p>A hint is only trusted when the machine did not restart (the page cache then holds the
 * file exactly as written), and only after the record it points at is checked: frame, CRC and
 * sequence. A missing, damaged or stale hint means a full scan, never a wrong tail.
 *
 * <pre>
 *   0  long  magic "STKRTAIL"
 *   8  long  first sequence of the segment
 *  16  long  byte offset of the record in that segment
 *  24  long  that record's sequence
 *  32  int   CRC32C of bytes 0-31
 * </pre>
 */
final class TailHint
{
    static final String FILE = "tail.hint";
    /** Records written between two hints: what a restart reads at most before the tail. */
    static final long EVERY_BYTES = 8L * 1024 * 1024;

    private static final long MAGIC = 0x4C4941544B525453L; // "STKRTAIL" read as a little-endian long
    private static final int BYTES = 36;

    /** A record of segment {@code segmentFirstSeq}: {@code seq} starts at byte {@code offset}. */
    record Hint(long segmentFirstSeq, long offset, long seq)
    {
    }

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private final FileChannel channel;

    private TailHint(final FileChannel channel)
    {
        this.channel = channel;
    }

    /** Opens (creating) the hint file of journal {@code dir} for writing. */
    static TailHint openForWriting(final Path dir) throws IOException
    {
        return new TailHint(FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE));
    }

    /** Overwrites the hint in place (one small write, no fsync: see the class comment). */
    void write(final long segmentFirstSeq, final long offset, final long seq) throws IOException
    {
        buffer.clear();
        buffer.putLong(MAGIC).putLong(segmentFirstSeq).putLong(offset).putLong(seq);
        buffer.flip();
        crc.reset();
        crc.update(buffer);
        buffer.limit(BYTES).putInt(32, (int)crc.getValue()).position(0);
        while (buffer.hasRemaining())
        {
            channel.write(buffer, buffer.position());
        }
    }

    void close() throws IOException
    {
        channel.close();
    }

    /** The hint of journal {@code dir}, or null when there is none or it is damaged. */
    static Hint read(final Path dir) throws IOException
    {
        final Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file) || Files.size(file) < BYTES)
        {
            return null;
        }
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 32);
        if (b.getLong(0) != MAGIC || b.getInt(32) != (int)crc.getValue())
        {
            return null;
        }
        return new Hint(b.getLong(8), b.getLong(16), b.getLong(24));
    }
}
