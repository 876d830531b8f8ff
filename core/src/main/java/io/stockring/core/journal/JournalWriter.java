package io.stockring.core.journal;

import io.stockring.core.command.Command;
import io.stockring.core.command.Limits;
import io.stockring.core.concurrent.SingleWriterCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * Appends command records to the journal: segment files rolled by size, each record framed by
 * its length and CRC32C (see {@link JournalCodec}). Records are gathered in a direct buffer and
 * written at the end of each ring batch; in {@link Durability#SYNC} one fsync then covers the
 * whole batch (group commit), so no command of the batch is acknowledged before it is durable.
 *
 * <p>Segments are created at full length and zero-filled before the first record goes in: an
 * append then changes no file size, so an fsync writes the data and no file-system metadata
 * (about a third shorter here, bench/RESULTS-load.md "Session 6"). A background thread prepares
 * the next segment's file, so a roll only renames it; if it is not ready, the new segment
 * simply grows. The reader takes the zeros after the data as the end ({@link JournalReader}).
 *
 * <p>Each new segment starts with a {@link SegmentHeader}; a headerless segment left by an older
 * build is appended to in its own layout, so no segment mixes formats.
 *
 * <p>Every {@link TailHint#EVERY_BYTES} it leaves a {@link TailHint}, so that a restart reads only the tail.
 *
 * <p>Owned by the writer thread.
 */
public final class JournalWriter implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int BUFFER_BYTES = 1024 * Limits.MAX_RECORD_BYTES;
    /** The next segment's file, zero-filled to full length; not a segment until renamed to one. */
    static final String PREPARED = "next-segment.prepared";
    private static final String PREPARING = "next-segment.tmp";
    private static final int ZERO_FILL_BYTES = 4096;

    private final Path dir;
    private final long segmentBytes;
    private final Durability durability;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private final TailHint tailHint;
    private FileChannel segment;
    private long segmentFirstSeq;
    private long segmentSize;
    private long lastSeq;
    private boolean dirty;
    // The first record in the buffer, then the first of the last write: what the next tail hint names.
    private long bufferFirstOffset;
    private long bufferFirstSeq;
    private long writtenSegment;
    private long writtenOffset;
    private long writtenSeq;
    private final long hintEveryBytes;
    private long hintedSegment;
    private long hintedOffset;

    // Counters for metrics: written by the owning thread, read by others.
    private static final int BYTES_WRITTEN = 0;
    private static final int FSYNC_COUNT = 1;
    private static final int FSYNC_NANOS_TOTAL = 2;
    private static final int LAST_FSYNC_NANOS = 3;
    private final SingleWriterCounters counters = new SingleWriterCounters(4);
    private volatile LongConsumer fsyncObserver;
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "stockring-journal-prep");
        t.setDaemon(true);
        return t;
    });

    /**
     * Opens the journal for appending after the records {@link JournalReader#repairTail} found
     * (its last sequence, and where the last segment's records end).
     */
    public JournalWriter(final Path dir, final long segmentBytes, final Durability durability,
        final JournalReader.Tail tail) throws IOException
    {
        this(dir, segmentBytes, durability, tail, TailHint.EVERY_BYTES);
    }

    /** For tests: a tail hint every {@code hintEveryBytes} of records. */
    JournalWriter(final Path dir, final long segmentBytes, final Durability durability,
        final JournalReader.Tail tail, final long hintEveryBytes) throws IOException
    {
        this.hintEveryBytes = hintEveryBytes;
        this.hintedOffset = -hintEveryBytes;
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.durability = durability;
        this.lastSeq = tail.lastSeq();
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(PREPARING));
        final List<Path> segments = JournalSegments.list(dir);
        if (segments.isEmpty())
        {
            if (!isPrepared())
            {
                prepare(); // the first segment: worth the wait, every fsync of it is shorter
            }
            openSegment(lastSeq + 1);
        }
        else
        {
            final Path last = segments.get(segments.size() - 1);
            segment = FileChannel.open(last, StandardOpenOption.WRITE);
            segmentFirstSeq = JournalSegments.firstSeqOf(last);
            segmentSize = tail.dataEnd();
            if (segmentSize == 0)
            {
                writeHeader(segmentFirstSeq); // created, never written: give it its header
            }
            prepareNextInBackground();
        }
        tailHint = TailHint.openForWriting(dir);
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
    public void append(final Command c) throws IOException
    {
        if (buffer.remaining() < Limits.MAX_RECORD_BYTES)
        {
            writeBuffer();
        }
        if (segmentSize + buffer.position() + Limits.MAX_RECORD_BYTES > segmentBytes)
        {
            roll();
        }
        c.seq = lastSeq + 1;
        final int start = buffer.position();
        if (start == 0)
        {
            bufferFirstOffset = segmentSize;
            bufferFirstSeq = c.seq;
        }
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
        if (writtenSegment != 0 && (writtenSegment != hintedSegment || writtenOffset - hintedOffset >= hintEveryBytes))
        {
            // After the fsync in sync mode: the hint never names a record that is not durable.
            tailHint.write(writtenSegment, writtenOffset, writtenSeq);
            hintedSegment = writtenSegment;
            hintedOffset = writtenOffset;
        }
    }

    private void writeBuffer() throws IOException
    {
        buffer.flip();
        final int n = buffer.remaining();
        while (buffer.hasRemaining())
        {
            segment.write(buffer, segmentSize + buffer.position());
        }
        buffer.clear();
        if (n > 0)
        {
            writtenSegment = segmentFirstSeq;
            writtenOffset = bufferFirstOffset;
            writtenSeq = bufferFirstSeq;
        }
        segmentSize += n;
        counters.add(BYTES_WRITTEN, n);
        dirty |= n > 0;
    }

    private void force() throws IOException
    {
        final long start = System.nanoTime();
        segment.force(false);
        final long nanos = System.nanoTime() - start;
        counters.set(LAST_FSYNC_NANOS, nanos);
        counters.add(FSYNC_NANOS_TOTAL, nanos);
        counters.increment(FSYNC_COUNT);
        dirty = false;
        final LongConsumer observer = fsyncObserver;
        if (observer != null)
        {
            observer.accept(nanos);
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

    /** Opens a new segment: the prepared file renamed, or (not ready yet) an empty file that grows. */
    private void openSegment(final long firstSeq) throws IOException
    {
        final Path path = JournalSegments.path(dir, firstSeq);
        if (isPrepared())
        {
            Files.move(dir.resolve(PREPARED), path, StandardCopyOption.ATOMIC_MOVE);
            segment = FileChannel.open(path, StandardOpenOption.WRITE);
        }
        else
        {
            segment = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        segmentFirstSeq = firstSeq;
        writeHeader(firstSeq);
        forceDirectory();
        prepareNextInBackground();
    }

    /** Durable with the segment's first fsync, which covers the records written after it. */
    private void writeHeader(final long firstSeq) throws IOException
    {
        final ByteBuffer header = SegmentHeader.of(firstSeq);
        while (header.hasRemaining())
        {
            segment.write(header, header.position());
        }
        segmentSize = SegmentHeader.BYTES;
    }

    private boolean isPrepared() throws IOException
    {
        final Path prepared = dir.resolve(PREPARED);
        return Files.exists(prepared) && Files.size(prepared) == segmentBytes;
    }

    private void prepareNextInBackground()
    {
        preparer.execute(() ->
        {
            try
            {
                if (!isPrepared())
                {
                    prepare();
                }
            }
            catch (final IOException e)
            {
                if (!preparer.isShutdown())
                {
                    // The next segment then grows as it is written: slower fsyncs, nothing lost.
                    LOG.warn("event=journal_prepare_failed dir={} error=\"{}\"", dir, e.toString());
                }
            }
        });
    }

    /**
     * Writes {@value #PREPARED}: zeros to the segment length, 4 KiB at a time (large writes
     * would give the page cache large folios, and each small append would then dirty and write
     * out a large folio), made durable, then renamed into place.
     */
    private void prepare() throws IOException
    {
        final Path preparing = dir.resolve(PREPARING);
        try (FileChannel ch = FileChannel.open(preparing, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_FILL_BYTES);
            for (long at = 0; at < segmentBytes; at += ZERO_FILL_BYTES)
            {
                if (Thread.currentThread().isInterrupted())
                {
                    throw new InterruptedIOException("journal segment preparation stopped");
                }
                zeros.clear().limit((int)Math.min(ZERO_FILL_BYTES, segmentBytes - at));
                while (zeros.hasRemaining())
                {
                    ch.write(zeros, at + zeros.position());
                }
            }
            ch.force(true);
        }
        Files.move(preparing, dir.resolve(PREPARED), StandardCopyOption.ATOMIC_MOVE);
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
     * Called on the writer thread with each fsync's duration in nanoseconds (metrics record a
     * histogram from it). It runs right after the fsync, so it must be quick and must not block.
     */
    public void fsyncObserver(final LongConsumer observer)
    {
        this.fsyncObserver = observer;
    }

    public long bytesWritten()
    {
        return counters.get(BYTES_WRITTEN);
    }

    public long fsyncCount()
    {
        return counters.get(FSYNC_COUNT);
    }

    public long fsyncNanosTotal()
    {
        return counters.get(FSYNC_NANOS_TOTAL);
    }

    public long lastFsyncNanos()
    {
        return counters.get(LAST_FSYNC_NANOS);
    }

    @Override
    public void close() throws IOException
    {
        preparer.shutdownNow();
        try
        {
            writeBuffer();
            force();
            segment.close();
            tailHint.close();
        }
        finally
        {
            try
            {
                preparer.awaitTermination(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(dir.resolve(PREPARING));
        }
    }
}
