package io.stockring.journal;

import io.stockring.engine.CommandSlot;
import io.stockring.engine.Durability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Appends command records to the journal: segment files rolled by size, each record framed by
 * its length and CRC32C (see {@link JournalCodec}). Records are gathered in a direct buffer and
 * written at the end of each ring batch; in {@link Durability#SYNC} one fsync then covers the
 * whole batch (group commit), so no command of the batch is acknowledged before it is durable.
 *
 * <p>Owned by the Journaler thread.
 */
public final class JournalWriter implements AutoCloseable
{
    private static final int BUFFER_BYTES = 1024 * JournalCodec.MAX_RECORD_BYTES;

    private final Path dir;
    private final long segmentBytes;
    private final Durability durability;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private FileChannel segment;
    private long segmentSize;
    private long lastSeq;
    private boolean dirty;

    // Counters for metrics, written by the owning thread only.
    private long bytesWritten;
    private long fsyncCount;
    private long fsyncNanosTotal;
    private long lastFsyncNanos;
    private volatile LongConsumer fsyncObserver;

    /**
     * Opens the journal for appending after {@code lastSeq} (as found by {@link JournalReader#repairTail}).
     */
    public JournalWriter(final Path dir, final long segmentBytes, final Durability durability, final long lastSeq)
        throws IOException
    {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.durability = durability;
        this.lastSeq = lastSeq;
        Files.createDirectories(dir);
        final List<Path> segments = JournalSegments.list(dir);
        if (segments.isEmpty())
        {
            openSegment(lastSeq + 1);
        }
        else
        {
            final Path last = segments.get(segments.size() - 1);
            segment = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            segmentSize = segment.size();
        }
    }

    public long lastSeq()
    {
        return lastSeq;
    }

    public Durability durability()
    {
        return durability;
    }

    /** Assigns the next sequence to {@code c} and buffers its record. */
    public void append(final CommandSlot c) throws IOException
    {
        if (buffer.remaining() < JournalCodec.MAX_RECORD_BYTES)
        {
            writeBuffer();
        }
        if (segmentSize + buffer.position() + JournalCodec.MAX_RECORD_BYTES > segmentBytes)
        {
            roll();
        }
        c.seq = lastSeq + 1;
        final int start = buffer.position();
        buffer.position(start + JournalCodec.FRAME_BYTES);
        JournalCodec.encodePayload(c, buffer);
        final int end = buffer.position();
        final int limit = buffer.limit();
        buffer.position(start + JournalCodec.FRAME_BYTES).limit(end);
        crc.reset();
        crc.update(buffer);
        buffer.limit(limit).position(end);
        buffer.putInt(start, end - start - JournalCodec.FRAME_BYTES);
        buffer.putInt(start + 4, (int)crc.getValue());
        lastSeq = c.seq;
    }

    /** Ends a ring batch: writes what is buffered and, in SYNC mode, makes it durable. */
    public void endOfBatch() throws IOException
    {
        writeBuffer();
        if (dirty && durability == Durability.SYNC)
        {
            force();
        }
    }

    private void writeBuffer() throws IOException
    {
        buffer.flip();
        final int n = buffer.remaining();
        while (buffer.hasRemaining())
        {
            segment.write(buffer);
        }
        buffer.clear();
        segmentSize += n;
        bytesWritten += n;
        dirty |= n > 0;
    }

    private void force() throws IOException
    {
        final long start = System.nanoTime();
        segment.force(false);
        lastFsyncNanos = System.nanoTime() - start;
        fsyncNanosTotal += lastFsyncNanos;
        fsyncCount++;
        dirty = false;
        final LongConsumer observer = fsyncObserver;
        if (observer != null)
        {
            observer.accept(lastFsyncNanos);
        }
    }

    private void roll() throws IOException
    {
        writeBuffer();
        if (durability == Durability.SYNC)
        {
            force();
        }
        segment.close();
        openSegment(lastSeq + 1);
        forceDirectory();
    }

    private void openSegment(final long firstSeq) throws IOException
    {
        segment = FileChannel.open(JournalSegments.path(dir, firstSeq), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentSize = 0;
        forceDirectory();
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ))
        {
            d.force(true);
        }
    }

    /**
     * Called on the Journaler thread with each fsync's duration in nanoseconds (metrics record a
     * histogram from it). It runs right after the fsync, so it must be quick and must not block.
     */
    public void fsyncObserver(final LongConsumer observer)
    {
        this.fsyncObserver = observer;
    }

    public long bytesWritten()
    {
        return bytesWritten;
    }

    public long fsyncCount()
    {
        return fsyncCount;
    }

    public long fsyncNanosTotal()
    {
        return fsyncNanosTotal;
    }

    public long lastFsyncNanos()
    {
        return lastFsyncNanos;
    }

    @Override
    public void close() throws IOException
    {
        writeBuffer();
        force();
        segment.close();
    }
}
