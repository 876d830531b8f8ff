package io.stockring.core.recovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A paced, flushed snapshot copies a sparse file exactly and restores it byte for byte. */
class SnapshotStoreTest
{
    @TempDir
    Path dir;

    @Test
    void pacedTakeOfASparseFileRestoresItExactly() throws IOException
    {
        final Path ledgerDir = Files.createDirectories(dir.resolve("ledger"));
        final Path file = ledgerDir.resolve("stock.dat");
        final long size = 3 * SnapshotStore.FLUSH_EVERY_BYTES + 12_345;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            // data at the start, in the middle of a zero run, and at the very end: the copy skips the holes
            out.write(ByteBuffer.wrap("head".getBytes()), 0);
            out.write(ByteBuffer.wrap("middle".getBytes()), SnapshotStore.FLUSH_EVERY_BYTES + 100);
            out.write(ByteBuffer.wrap("tail".getBytes()), size - 4);
        }
        final byte[] original = Files.readAllBytes(file);

        final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 2, 1024L * 1024 * 1024);
        final SnapshotStore.Snapshot snapshot = store.take(ledgerDir, List.of("stock.dat"), 42);
        assertEquals(42, store.latest().seq());
        assertEquals(size, Files.size(snapshot.dir().resolve("stock.dat")));

        Files.write(file, new byte[]{1, 2, 3});
        store.restore(snapshot, ledgerDir, List.of("stock.dat"));
        assertArrayEquals(original, Files.readAllBytes(file));
    }

    @Test
    void thePacerAsksForAFlushEveryFlushInterval()
    {
        final SnapshotStore.Pacer pacer = new SnapshotStore.Pacer(0);
        final int block = 64 * 1024;
        final long blocksPerFlush = SnapshotStore.FLUSH_EVERY_BYTES / block;
        int flushes = 0;
        for (long i = 1; i <= 3 * blocksPerFlush; i++)
        {
            final boolean flush = pacer.wrote(block);
            if (i % blocksPerFlush == 0)
            {
                assertTrue(flush, "a flush after block " + i);
                flushes++;
            }
            else
            {
                assertFalse(flush, "no flush after block " + i);
            }
        }
        assertEquals(3, flushes);
    }
}
