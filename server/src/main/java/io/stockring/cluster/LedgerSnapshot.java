package io.stockring.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.aeron.FragmentAssembler;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerFormat;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The replicated ledger's state in an Aeron snapshot: the service's own words, then every ledger
 * file as 64 KiB chunks, all-zero chunks left out (the record tables are mostly empty). The
 * service thread writes it between two commands, so the files hold one consistent state; a
 * read lock a gRPC reader held at that instant may be copied with them, which is why a loaded
 * ledger is opened with Chronicle's recovery ({@code Ledger.open(..., recover=true)}).
 *
 * <pre>
 *   BEGIN  byte 1, int format, long appliedSeq, long expiryDeadlineMs, int fileCount
 *   FILE   byte 2, long length, short nameLength, name (ASCII)
 *   CHUNK  byte 3, long offset, data (up to 64 KiB)
 *   END    byte 4, long bytesWritten
 * </pre>
 */
final class LedgerSnapshot
{
    static final int FORMAT = 1;
    private static final byte BEGIN = 1;
    private static final byte FILE = 2;
    private static final byte CHUNK = 3;
    private static final byte END = 4;
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int CHUNK_HEADER = 1 + Long.BYTES;

    /** The service's own words, beside the files. */
    record Words(long appliedSeq, long expiryDeadlineMs)
    {
    }

    private LedgerSnapshot()
    {
    }

    /** Every ledger file there is: the maps, the record tables, the progress record, the format marker. */
    static String[] files()
    {
        final String[] files = new String[Ledger.FILES.size() + 1];
        Ledger.FILES.toArray(files);
        files[files.length - 1] = LedgerFormat.FILE;
        return files;
    }

    /** Writes the snapshot; returns the bytes written. */
    static long write(final ExclusivePublication out, final Path ledgerDir, final Words words, final IdleStrategy idle)
        throws IOException
    {
        final ByteBuffer direct = ByteBuffer.allocateDirect(CHUNK_HEADER + CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        final UnsafeBuffer buffer = new UnsafeBuffer(direct);
        final String[] files = files();
        buffer.putByte(0, BEGIN);
        buffer.putInt(1, FORMAT, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(5, words.appliedSeq(), ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(13, words.expiryDeadlineMs(), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(21, files.length, ByteOrder.LITTLE_ENDIAN);
        offer(out, buffer, 25, idle);
        long written = 0;
        final ByteBuffer data = direct.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (final String name : files)
        {
            final Path file = ledgerDir.resolve(name);
            final long length = Files.size(file);
            final byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
            buffer.putByte(0, FILE);
            buffer.putLong(1, length, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(9, (short)ascii.length, ByteOrder.LITTLE_ENDIAN);
            buffer.putBytes(11, ascii);
            offer(out, buffer, 11 + ascii.length, idle);
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ))
            {
                for (long at = 0; at < length; at += CHUNK_BYTES)
                {
                    data.clear().position(CHUNK_HEADER).limit(CHUNK_HEADER + (int)Math.min(CHUNK_BYTES, length - at));
                    while (data.hasRemaining())
                    {
                        if (in.read(data, at + data.position() - CHUNK_HEADER) < 0)
                        {
                            throw new IOException(file + " ended at " + (at + data.position() - CHUNK_HEADER) +
                                " while being snapshotted");
                        }
                    }
                    final int n = data.position() - CHUNK_HEADER;
                    if (isZero(buffer, CHUNK_HEADER, n))
                    {
                        continue;
                    }
                    buffer.putByte(0, CHUNK);
                    buffer.putLong(1, at, ByteOrder.LITTLE_ENDIAN);
                    offer(out, buffer, CHUNK_HEADER + n, idle);
                    written += n;
                }
            }
        }
        buffer.putByte(0, END);
        buffer.putLong(1, written, ByteOrder.LITTLE_ENDIAN);
        offer(out, buffer, 9, idle);
        return written;
    }

    private static boolean isZero(final UnsafeBuffer b, final int from, final int length)
    {
        int i = from;
        final int end = from + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES)
        {
            if (b.getLong(i) != 0)
            {
                return false;
            }
        }
        for (; i < end; i++)
        {
            if (b.getByte(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static void offer(final ExclusivePublication out, final UnsafeBuffer buffer, final int length,
        final IdleStrategy idle) throws IOException
    {
        idle.reset();
        long result;
        while ((result = out.offer(buffer, 0, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IOException("the snapshot publication refused a chunk: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }

    /**
     * Reads a snapshot into {@code ledgerDir} (which must hold no ledger) and returns its words.
     *
     * @throws IOException if the image ends before the snapshot does, or its format is not this one
     */
    static Words read(final Image image, final Path ledgerDir, final IdleStrategy idle) throws IOException
    {
        Files.createDirectories(ledgerDir);
        final Reader reader = new Reader(ledgerDir);
        final FragmentAssembler assembler = new FragmentAssembler(reader);
        idle.reset();
        while (!reader.done)
        {
            final int n = image.poll(assembler, 16);
            if (reader.failure != null)
            {
                reader.closeFile();
                throw reader.failure;
            }
            if (n == 0)
            {
                if (image.isEndOfStream() || image.isClosed())
                {
                    reader.closeFile();
                    throw new IOException("the snapshot ended before its END record: it is incomplete");
                }
                idle.idle();
            }
        }
        return reader.words;
    }

    private static final class Reader implements FragmentHandler
    {
        private final Path dir;
        private FileChannel file;
        private long fileLength;
        private Words words;
        private boolean done;
        private IOException failure;
        private final ByteBuffer copy = ByteBuffer.allocateDirect(CHUNK_BYTES);

        Reader(final Path dir)
        {
            this.dir = dir;
        }

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            if (done || failure != null)
            {
                return;
            }
            try
            {
                switch (buffer.getByte(offset))
                {
                    case BEGIN:
                        final int format = buffer.getInt(offset + 1, ByteOrder.LITTLE_ENDIAN);
                        if (format != FORMAT)
                        {
                            throw new IOException("snapshot format " + format + " is not " + FORMAT +
                                " (written by another version of stockring)");
                        }
                        words = new Words(buffer.getLong(offset + 5, ByteOrder.LITTLE_ENDIAN),
                            buffer.getLong(offset + 13, ByteOrder.LITTLE_ENDIAN));
                        break;
                    case FILE:
                        closeFile();
                        fileLength = buffer.getLong(offset + 1, ByteOrder.LITTLE_ENDIAN);
                        final int nameLength = buffer.getShort(offset + 9, ByteOrder.LITTLE_ENDIAN);
                        final String name = buffer.getStringWithoutLengthAscii(offset + 11, nameLength);
                        if (name.contains("/") || name.contains(".."))
                        {
                            throw new IOException("snapshot names a file outside the ledger: " + name);
                        }
                        file = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                        break;
                    case CHUNK:
                        final long at = buffer.getLong(offset + 1, ByteOrder.LITTLE_ENDIAN);
                        final int n = length - CHUNK_HEADER;
                        buffer.getBytes(offset + CHUNK_HEADER, copy, 0, n);
                        copy.limit(n).position(0);
                        while (copy.hasRemaining())
                        {
                            file.write(copy, at + copy.position());
                        }
                        break;
                    case END:
                        closeFile();
                        done = words != null;
                        if (!done)
                        {
                            throw new IOException("snapshot has no BEGIN record");
                        }
                        break;
                    default:
                        throw new IOException("snapshot record of unknown type " + buffer.getByte(offset));
                }
            }
            catch (final IOException | RuntimeException e)
            {
                failure = e instanceof IOException io ? io : new IOException(e);
            }
        }

        void closeFile() throws IOException
        {
            if (file != null)
            {
                // Sparse: the zero chunks were left out, so the length is set, not written.
                if (file.size() < fileLength)
                {
                    file.write(ByteBuffer.allocate(1), fileLength - 1);
                }
                file.close();
                file = null;
            }
        }
    }
}
