package io.stockring.core.journal;

import io.stockring.core.command.Command;
import io.stockring.core.request.CommandRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer's tail hint: a restart reads the last segment from it, and a bad hint costs only a full scan. */
class TailHintTest
{
    private static final int SEGMENT_BYTES = 1 << 20;
    /** A hint every 4 KiB of records: the tests' journals hold a few of them. */
    private static final long HINT_EVERY_BYTES = 4096;

    @TempDir
    Path dir;

    /** {@code batches} batches of 10 expiry ticks (a record of a fixed length), in sync mode. */
    private void write(final int batches) throws IOException
    {
        final JournalWriter writer = new JournalWriter(dir, SEGMENT_BYTES, Durability.SYNC,
            JournalReader.repairTail(dir), HINT_EVERY_BYTES);
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < 10; i++)
            {
                final Command c = new Command();
                CommandRequests.expireDue(c, 1000 + b);
                writer.append(c);
            }
            writer.endOfBatch();
        }
        writer.close();
    }

    private Path lastSegment()
    {
        final List<Path> segments = JournalSegments.list(dir);
        return segments.get(segments.size() - 1);
    }

    private static void flipByte(final Path file, final long at) throws IOException
    {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.seek(at);
            final int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
    }

    @Test
    void shouldNameARecordOfTheLastSegmentNearItsEnd() throws IOException
    {
        write(200);
        final TailHint.Hint hint = TailHint.read(dir);
        assertNotNull(hint);
        final JournalReader.Tail tail = JournalReader.repairTail(dir);
        assertEquals(JournalSegments.firstSeqOf(lastSegment()), hint.segmentFirstSeq());
        assertTrue(hint.offset() > SegmentHeader.BYTES && tail.dataEnd() - hint.offset() <= 2 * HINT_EVERY_BYTES,
            "within two hint intervals of the end: " + hint + " " + tail);
        assertTrue(hint.seq() > 1 && hint.seq() <= tail.lastSeq(), hint + " " + tail);
    }

    @Test
    void shouldFindTheSameTailFromTheHintAsFromTheSegmentsStart() throws IOException
    {
        write(200);
        assertEquals(JournalReader.repairTail(dir, false), JournalReader.repairTail(dir, true));
    }

    @Test
    void shouldCutATornTailFoundFromTheHint() throws IOException
    {
        write(200);
        final long end = JournalReader.repairTail(dir).dataEnd();
        try (RandomAccessFile f = new RandomAccessFile(lastSegment().toFile(), "rw"))
        {
            f.seek(end - 5);
            f.write(new byte[5]);
        }
        final JournalReader.Tail tail = JournalReader.repairTail(dir, true);
        assertEquals(1999, tail.lastSeq());
        assertTrue(tail.cutBytes() > 0);
        assertEquals(tail.lastSeq(), JournalReader.repairTail(dir, false).lastSeq());
    }

    /** What shows the hint is used: damage before it is left to replay, which checks every record it reads. */
    @Test
    void shouldNotReadTheRecordsBeforeTheHint() throws IOException
    {
        write(200);
        flipByte(lastSegment(), SegmentHeader.BYTES + 20);
        assertEquals(2000, JournalReader.repairTail(dir, true).lastSeq());
        assertThrows(JournalCorruptException.class, () -> JournalReader.repairTail(dir, false));
        assertThrows(JournalCorruptException.class, () -> JournalReader.replay(dir, 0, c -> { }));
    }

    @Test
    void shouldScanTheWholeSegmentWhenTheHintIsDamagedOrStale() throws IOException
    {
        write(200);
        final JournalReader.Tail full = JournalReader.repairTail(dir, false);
        final Path file = dir.resolve(TailHint.FILE);
        final byte[] good = Files.readAllBytes(file);

        flipByte(file, 20); // its CRC no longer matches
        assertEquals(null, TailHint.read(dir));
        assertEquals(full, JournalReader.repairTail(dir, true));

        final TailHint wrong = TailHint.openForWriting(dir);
        wrong.write(1, 300, 5); // no record starts at byte 300
        wrong.write(1, 300, 5);
        wrong.close();
        assertEquals(full, JournalReader.repairTail(dir, true));

        final TailHint other = TailHint.openForWriting(dir);
        final TailHint.Hint real = readHint(good);
        other.write(real.segmentFirstSeq() + 1, real.offset(), real.seq()); // another segment's
        other.close();
        assertEquals(full, JournalReader.repairTail(dir, true));

        Files.delete(file);
        assertEquals(full, JournalReader.repairTail(dir, true));
    }

    private TailHint.Hint readHint(final byte[] bytes) throws IOException
    {
        final Path file = dir.resolve(TailHint.FILE);
        Files.write(file, bytes);
        return TailHint.read(dir);
    }

    @Test
    void shouldFollowTheWriterIntoANewSegment() throws IOException
    {
        write(6000); // 60,000 records: several 1 MiB segments
        assertTrue(JournalSegments.list(dir).size() > 1);
        assertEquals(JournalSegments.firstSeqOf(lastSegment()), TailHint.read(dir).segmentFirstSeq());
        assertEquals(JournalReader.repairTail(dir, false), JournalReader.repairTail(dir, true));
    }
}
