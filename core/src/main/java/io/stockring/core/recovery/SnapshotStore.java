package io.stockring.core.recovery;

import io.stockring.core.format.DurableText;
import io.stockring.core.format.VersionedProperties;
import io.stockring.core.ledger.LedgerFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Consistent copies of the ledger files, each taken at a batch boundary while the writer waits,
 * named by the sequence they contain everything up to:
 *
 * <pre>
 *   snapshots/00000000000000001234/   stock.cm reservations.tbl ... progress.dat SNAPSHOT
 * </pre>
 *
 * A snapshot is complete only once its {@code SNAPSHOT} marker (its format, the sequence, the
 * ledger's record layouts as in {@link LedgerFormat}, file sizes, CRC32C of every file) is written, fsynced and the directory renamed into place; a half-written one is
 * ignored and removed. Copies skip all-zero blocks, so the sparse map files stay sparse.
 */
public final class SnapshotStore
{
    public static final String MARKER = "SNAPSHOT";
    /** The marker's own layout; markers without a format key are format 1. */
    public static final int MARKER_FORMAT = 1;
    private static final int BLOCK = 64 * 1024;
    /**
     * A snapshot's writes are flushed every this many bytes: the device's queue then never holds
     * more than this much of a copy ahead of the journal's fsync, which waits behind it.
     */
    static final long FLUSH_EVERY_BYTES = 8L * 1024 * 1024;

    private final Path dir;
    private final int retained;
    private final long writeBytesPerSecond;

    /** A snapshot on disk. */
    public record Snapshot(long seq, Path dir)
    {
    }

    public SnapshotStore(final Path dir, final int retained)
    {
        this(dir, retained, 0);
    }

    /**
     * @param writeBytesPerSecond the pace at which {@link #take} writes (0: as fast as the device
     *                            takes it): a snapshot shares the device with the journal
     */
    public SnapshotStore(final Path dir, final int retained, final long writeBytesPerSecond)
    {
        this.dir = dir;
        this.retained = retained;
        this.writeBytesPerSecond = writeBytesPerSecond;
    }

    /**
     * Copies {@code files} from {@code ledgerDir} as the snapshot of {@code seq}, then removes
     * snapshots beyond the retained count.
     */
    public Snapshot take(final Path ledgerDir, final List<String> files, final long seq) throws IOException
    {
        Files.createDirectories(dir);
        final Path target = dir.resolve(name(seq));
        if (Files.exists(target.resolve(MARKER)))
        {
            return new Snapshot(seq, target);
        }
        final Path tmp = dir.resolve(name(seq) + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        final Pacer pacer = new Pacer(writeBytesPerSecond);
        final Map<String, String> marker = new LinkedHashMap<>();
        marker.put(VersionedProperties.KEY, Integer.toString(MARKER_FORMAT));
        marker.put("seq", Long.toString(seq));
        marker.putAll(LedgerFormat.layouts());
        for (final String file : files)
        {
            final long crc = copySparse(ledgerDir.resolve(file), tmp.resolve(file), pacer);
            marker.put(file + ".crc32c", Long.toString(crc));
            marker.put(file + ".size", Long.toString(Files.size(tmp.resolve(file))));
        }
        DurableText.write(tmp.resolve(MARKER), DurableText.render("stockring snapshot marker", marker));
        forceDir(tmp);
        deleteTree(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        forceDir(dir);
        prune();
        return new Snapshot(seq, target);
    }

    /** The newest complete snapshot, or null. */
    public Snapshot latest() throws IOException
    {
        final List<Snapshot> all = list();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** The oldest complete snapshot, or null: the journal must be kept from its sequence on. */
    public Snapshot oldest() throws IOException
    {
        final List<Snapshot> all = list();
        return all.isEmpty() ? null : all.get(0);
    }

    /** Complete snapshots, oldest first. */
    public List<Snapshot> list() throws IOException
    {
        final List<Snapshot> out = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return out;
        }
        try (Stream<Path> entries = Files.list(dir))
        {
            entries.filter(p -> p.getFileName().toString().matches("\\d{20}"))
                .filter(p -> Files.exists(p.resolve(MARKER)))
                .sorted()
                .forEach(p -> out.add(new Snapshot(Long.parseLong(p.getFileName().toString()), p)));
        }
        return out;
    }

    /**
     * Copies the snapshot's files over {@code ledgerDir}, after checking every file against the
     * marker's sizes and checksums.
     */
    public void restore(final Snapshot snapshot, final Path ledgerDir, final List<String> files) throws IOException
    {
        final Path markerFile = snapshot.dir().resolve(MARKER);
        final Properties marker = DurableText.read(markerFile);
        VersionedProperties.check(markerFile, marker, MARKER_FORMAT);
        LedgerFormat.checkLayouts(markerFile, marker);
        Files.createDirectories(ledgerDir);
        for (final String file : files)
        {
            final Path from = snapshot.dir().resolve(file);
            final long crc = copySparse(from, ledgerDir.resolve(file), null);
            final String expected = marker.getProperty(file + ".crc32c");
            if (expected == null || Long.parseLong(expected) != crc)
            {
                throw new IOException("snapshot " + snapshot.dir() + " file " + file + " does not match its checksum");
            }
        }
        LedgerFormat.write(ledgerDir);
        forceDir(ledgerDir);
    }

    private void prune() throws IOException
    {
        final List<Snapshot> all = list();
        for (int i = 0; i < all.size() - retained; i++)
        {
            deleteTree(all.get(i).dir());
        }
        try (Stream<Path> entries = Files.list(dir))
        {
            for (final Path p : (Iterable<Path>)entries::iterator)
            {
                if (p.getFileName().toString().endsWith(".tmp"))
                {
                    deleteTree(p);
                }
            }
        }
    }

    private static String name(final long seq)
    {
        return String.format("%020d", seq);
    }

    /**
     * Copies a file block by block, seeking over all-zero blocks; returns the CRC32C of the
     * content. With a {@code pacer} the writes are flushed every {@link #FLUSH_EVERY_BYTES} and
     * held to its pace; without one (a restore at start-up) they go as fast as they can.
     */
    static long copySparse(final Path from, final Path to, final Pacer pacer) throws IOException
    {
        final CRC32C crc = new CRC32C();
        final ByteBuffer buf = ByteBuffer.allocateDirect(BLOCK);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                 StandardOpenOption.TRUNCATE_EXISTING))
        {
            final long size = in.size();
            long pos = 0;
            while (pos < size)
            {
                buf.clear();
                final int n = in.read(buf, pos);
                if (n <= 0)
                {
                    break;
                }
                buf.flip();
                crc.update(buf.duplicate());
                if (!isZero(buf))
                {
                    while (buf.hasRemaining())
                    {
                        out.write(buf, pos + buf.position());
                    }
                    if (pacer != null && pacer.wrote(n))
                    {
                        out.force(false);
                    }
                }
                pos += n;
            }
            out.truncate(size);
            if (out.size() < size)
            {
                out.write(ByteBuffer.allocate(1), size - 1);
            }
            out.force(true);
        }
        return crc.getValue();
    }

    /** Counts a snapshot's writes: when to flush, and how long to wait to keep the pace. */
    static final class Pacer
    {
        private final long bytesPerSecond;
        private final long startNanos = System.nanoTime();
        private long written;
        private long unflushed;

        Pacer(final long bytesPerSecond)
        {
            this.bytesPerSecond = bytesPerSecond;
        }

        /** @return true when the bytes written since the last flush should be flushed now */
        boolean wrote(final long bytes)
        {
            written += bytes;
            unflushed += bytes;
            if (bytesPerSecond > 0)
            {
                final long dueNanos = (long)(written * 1e9 / bytesPerSecond) - (System.nanoTime() - startNanos);
                if (dueNanos > 0)
                {
                    LockSupport.parkNanos(dueNanos);
                }
            }
            if (unflushed >= FLUSH_EVERY_BYTES)
            {
                unflushed = 0;
                return true;
            }
            return false;
        }
    }

    private static boolean isZero(final ByteBuffer b)
    {
        for (int i = b.position(); i + 8 <= b.limit(); i += 8)
        {
            if (b.getLong(i) != 0)
            {
                return false;
            }
        }
        for (int i = b.limit() & ~7; i < b.limit(); i++)
        {
            if (b.get(i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    static void forceDir(final Path d) throws IOException
    {
        DurableText.force(d);
    }

    public static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p ->
            {
                try
                {
                    Files.delete(p);
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
