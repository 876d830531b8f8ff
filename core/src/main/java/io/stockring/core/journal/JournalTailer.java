package io.stockring.core.journal;

import io.stockring.core.command.Command;
import io.stockring.core.command.Limits;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Follows the journal while the Journaler appends to it: hands over, in order, each record after
 * a sequence, up to a limit the caller knows to be complete. The limit is the writer's applied
 * sequence: a record is applied only after the Journaler wrote it, so every record at or below it
 * is whole in the page cache, and nothing is read past it (a record being written is never seen).
 *
 * <p>Every record is checked as at start-up (frame, sequence, CRC32C, parse); a damaged one is a
 * {@link JournalCorruptException}. Owned by one thread; allocates only when it opens a segment.
 */
public final class JournalTailer implements AutoCloseable
{
    private final Path dir;
    private final Command record = new Command();
    private final CRC32C crc = new CRC32C();
    private long nextSeq;

    private Path segment;
    private FileChannel channel;
    private MappedByteBuffer map;
    private int mapped;
    private int pos;

    /** Starts after {@code afterSeq}: the first record handed over is {@code afterSeq + 1}. */
    public JournalTailer(final Path dir, final long afterSeq)
    {
        this.dir = dir;
        this.nextSeq = afterSeq + 1;
    }

    /** The last sequence handed over. */
    public long lastSeq()
    {
        return nextSeq - 1;
    }

    /**
     * Hands over the records from {@link #lastSeq()} + 1 up to {@code limitSeq}, at most
     * {@code max} of them. The {@link Command} passed is reused for the next record.
     *
     * @return how many were handed over
     */
    public int poll(final long limitSeq, final int max, final Consumer<Command> consumer) throws IOException
    {
        int n = 0;
        while (n < max && nextSeq <= limitSeq)
        {
            if (map == null)
            {
                openSegmentHolding(nextSeq);
            }
            if (!hasFrameAt(pos))
            {
                if (remapIfGrown())
                {
                    continue;
                }
                final Path next = JournalSegments.path(dir, nextSeq);
                if (!Files.exists(next))
                {
                    throw new JournalCorruptException("journal record " + nextSeq + " was applied but is neither in " +
                        segment + " nor in a segment of its own");
                }
                closeSegment();
                openSegment(next, nextSeq);
                continue;
            }
            readAt(pos, nextSeq);
            consumer.accept(record);
            n++;
        }
        return n;
    }

    /** Opens the segment whose records include {@code seq} and moves to it. */
    private void openSegmentHolding(final long seq) throws IOException
    {
        final List<Path> segments = JournalSegments.list(dir);
        Path holding = null;
        for (final Path p : segments)
        {
            if (JournalSegments.firstSeqOf(p) <= seq)
            {
                holding = p;
            }
        }
        if (holding == null)
        {
            throw new JournalCorruptException("journal record " + seq + " is needed but " + dir +
                (segments.isEmpty() ? " has no segments" : " starts at seq " + JournalSegments.firstSeqOf(segments.get(0))));
        }
        final long first = JournalSegments.firstSeqOf(holding);
        openSegment(holding, first);
        for (long s = first; s < seq; s++)
        {
            if (!hasFrameAt(pos))
            {
                throw new JournalCorruptException("journal " + holding + " ends at seq " + (s - 1) + " before seq " + seq);
            }
            readAt(pos, s);
        }
        nextSeq = seq;
    }

    private void openSegment(final Path path, final long firstSeq) throws IOException
    {
        segment = path;
        channel = FileChannel.open(path, StandardOpenOption.READ);
        map(firstSeq);
    }

    private void map(final long firstSeq) throws IOException
    {
        final long size = channel.size();
        if (size > Integer.MAX_VALUE)
        {
            throw new JournalCorruptException("journal segment " + segment + " is larger than 2 GiB");
        }
        mapped = (int)size;
        map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        map.order(ByteOrder.LITTLE_ENDIAN);
        if (firstSeq >= 0)
        {
            final int start = JournalReader.recordsStart(map, mapped, segment, firstSeq);
            pos = start == SegmentHeader.UNWRITTEN ? 0 : start;
        }
    }

    /** A segment that was not preallocated grows as it is written: map it again to see the rest. */
    private boolean remapIfGrown() throws IOException
    {
        if (channel.size() <= mapped)
        {
            return false;
        }
        map(-1);
        return hasFrameAt(pos);
    }

    private boolean hasFrameAt(final int at)
    {
        return at + JournalCodec.FRAME_BYTES <= mapped && map.getInt(at) != 0;
    }

    /** Checks and decodes the record at {@code at} into {@link #record}, then moves past it. */
    private void readAt(final int at, final long expectedSeq)
    {
        final int length = map.getInt(at);
        final int payload = at + JournalCodec.FRAME_BYTES;
        if (length < JournalCodec.MIN_PAYLOAD_BYTES || length > Limits.MAX_RECORD_BYTES ||
            (long)payload + length > mapped || map.getLong(payload) != expectedSeq)
        {
            throw damaged(at, expectedSeq);
        }
        crc.reset();
        map.limit(payload + length).position(payload);
        crc.update(map);
        map.limit(mapped);
        if ((int)crc.getValue() != map.getInt(at + 4))
        {
            throw damaged(at, expectedSeq);
        }
        map.position(payload);
        if (!JournalCodec.decodePayload(map, length, record))
        {
            throw damaged(at, expectedSeq);
        }
        pos = payload + length;
        nextSeq = expectedSeq + 1;
    }

    private JournalCorruptException damaged(final int at, final long expectedSeq)
    {
        return new JournalCorruptException("journal " + segment + " has a damaged record at byte " + at +
            " (expected seq " + expectedSeq + "). See ops/RUNBOOK.md, 'Corrupt journal'.");
    }

    private void closeSegment() throws IOException
    {
        map = null;
        if (channel != null)
        {
            channel.close();
            channel = null;
        }
    }

    @Override
    public void close() throws IOException
    {
        closeSegment();
    }
}
