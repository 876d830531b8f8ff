package io.stockring.core.journal;

import io.stockring.core.command.Command;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.Limits;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.request.CommandRequests;
import io.stockring.core.testing.CoreDriver;
import io.stockring.core.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    @TempDir
    Path dir;

    private final CommandRequests requests = new CommandRequests(new Catalog());

    private List<Command> oneOfEach()
    {
        final List<Command> out = new ArrayList<>();
        Command s = new Command();
        requests.upsertItem(s, "a", "MUG", "月饼礼盒 mooncake box", "festival");
        out.add(s);
        s = new Command();
        requests.upsertLocation(s, "b", "S1", "Store 1", LocationKind.STORE, "CW");
        out.add(s);
        s = new Command();
        requests.receive(s, "c", "MUG", "S1", 7);
        out.add(s);
        s = new Command();
        requests.adjustTo(s, "d", "MUG", "S1", 7, 5, "stocktake");
        out.add(s);
        s = new Command();
        requests.reserve(s, "e", "app", new String[]{"MUG", "PEN"}, new String[]{"S1", "S2"}, new long[]{1, 2}, 2, 9_000);
        out.add(s);
        s = new Command();
        requests.confirm(s, "f", 5);
        out.add(s);
        s = new Command();
        requests.release(s, "g", 6);
        out.add(s);
        s = new Command();
        requests.transfer(s, CommandType.TRANSFER_OUT, "h", "MUG", "CW", "S1", 3);
        out.add(s);
        s = new Command();
        requests.transferIn(s, "i", "MUG", "S1", 3);
        out.add(s);
        s = new Command();
        requests.setPolicy(s, "j", "MUG", "S1", 10, 20);
        out.add(s);
        s = new Command();
        CommandRequests.expireDue(s, 100);
        out.add(s);
        for (int i = 0; i < out.size(); i++)
        {
            out.get(i).timestampMs = 1000 + i;
        }
        return out;
    }

    private void write(final List<Command> commands) throws IOException
    {
        final JournalWriter writer = new JournalWriter(dir, 1 << 20, Durability.SYNC, JournalReader.repairTail(dir));
        for (final Command c : commands)
        {
            writer.append(c);
        }
        writer.endOfBatch();
        writer.close();
    }

    private List<Command> readAll() throws IOException
    {
        final List<Command> read = new ArrayList<>();
        JournalReader.replay(dir, 0, slot ->
        {
            final Command copy = new Command();
            copy.copyInputFrom(slot);
            copy.seq = slot.seq;
            read.add(copy);
        });
        return read;
    }

    /**
     * The slot carries the request id and channel as bytes; the journal must hold exactly what it
     * held when they were strings (a length byte, then the characters), so older journals replay.
     */
    @Test
    void shouldKeepRequestIdsAndChannelsOfEveryLengthInTheirTextLayout() throws IOException
    {
        final List<Command> written = new ArrayList<>();
        final String chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.~";
        for (int length = 1; length <= Limits.MAX_REQUEST_ID_LENGTH; length++)
        {
            final String id = chars.substring(0, length);
            final String channel = "~" + chars.substring(0, Math.min(length, Limits.MAX_CHANNEL_LENGTH) - 1);
            final Command s = new Command();
            assertEquals(ResultCode.OK, requests.reserve(s, id, channel, new String[]{"MUG"}, new String[]{"S1"},
                new long[]{1}, 1, 9_000));
            written.add(s);
        }
        write(written);
        final List<Command> read = readAll();
        assertEquals(written.size(), read.size());
        final byte[] journal = Files.readAllBytes(segment());
        int at = SegmentHeader.BYTES;
        for (int i = 0; i < read.size(); i++)
        {
            final Command w = written.get(i);
            final Command r = read.get(i);
            assertEquals(w.requestId(), r.requestId());
            assertEquals(w.channel(), r.channel());
            assertEquals(w.requestKeyHi, r.requestKeyHi);
            assertEquals(w.requestKeyLo, r.requestKeyLo);
            final int payload = at + JournalCodec.FRAME_BYTES;
            final int idAt = at + 33; // the record layout in JournalCodec's javadoc
            final int channelAt = idAt + 1 + w.requestIdLength;
            assertEquals(w.requestId(), ascii(journal, idAt), "request id bytes of record " + (i + 1));
            assertEquals(w.channel(), ascii(journal, channelAt), "channel bytes of record " + (i + 1));
            at = payload + (journal[at] & 0xFF | (journal[at + 1] & 0xFF) << 8);
        }
    }

    /** A length byte, then that many ASCII characters. */
    private static String ascii(final byte[] bytes, final int at)
    {
        return new String(bytes, at + 1, bytes[at], java.nio.charset.StandardCharsets.US_ASCII);
    }

    private Path segment()
    {
        return JournalSegments.list(dir).get(0);
    }

    @Test
    void shouldRoundTripEveryCommandType() throws IOException
    {
        final List<Command> written = oneOfEach();
        write(written);
        assertEquals(written.size(), JournalReader.repairTail(dir).lastSeq());
        final List<Command> read = readAll();
        assertEquals(written.size(), read.size());
        for (int i = 0; i < read.size(); i++)
        {
            final Command w = written.get(i);
            final Command r = read.get(i);
            assertEquals(i + 1, r.seq);
            assertEquals(w.type, r.type);
            assertEquals(w.timestampMs, r.timestampMs);
            assertEquals(w.contentHash, r.contentHash);
            assertEquals(w.requestId(), r.requestId());
            assertEquals(w.name, r.name);
            assertEquals(w.code, r.code);
            assertEquals(w.channel(), r.channel());
            assertEquals(w.lineCount, r.lineCount);
            assertEquals(w.quantity, r.quantity);
            assertEquals(w.expectedOnHand, r.expectedOnHand);
            assertEquals(w.reservationId, r.reservationId);
            assertEquals(w.safetyStock, r.safetyStock);
            assertEquals(w.maxCount, r.maxCount);
            assertEquals(w.reason, r.reason);
            assertEquals(w.ttlMs, r.ttlMs);
            assertEquals(w.locationKind, r.locationKind);
            for (int l = 0; l < w.lineCount; l++)
            {
                assertEquals(w.lineQuantities[l], r.lineQuantities[l]);
                assertEquals(w.lineSkuIds[l], r.lineSkuIds[l]);
            }
        }
    }

    /**
     * Zeroes the last {@code bytes} of the journal's data, as a write torn by a crash leaves them.
     * Some of them must not be zero already, or nothing would be torn.
     */
    private static void tearLastRecord(final Path journalDir, final int bytes) throws IOException
    {
        final long end = JournalReader.repairTail(journalDir).dataEnd();
        final List<Path> segments = JournalSegments.list(journalDir);
        try (RandomAccessFile f = new RandomAccessFile(segments.get(segments.size() - 1).toFile(), "rw"))
        {
            final byte[] before = new byte[bytes];
            f.seek(end - bytes);
            f.readFully(before);
            assertTrue(!java.util.Arrays.equals(before, new byte[bytes]), "the bytes were zeros already: tear more");
            f.seek(end - bytes);
            f.write(new byte[bytes]);
        }
    }

    /** After a repair, a writer opened on its tail appends record {@code lastSeq + 1} and replay sees it. */
    private void assertAppendingGoesOnAfter(final long lastSeq) throws IOException
    {
        final JournalWriter writer = new JournalWriter(dir, 1 << 20, Durability.SYNC, JournalReader.repairTail(dir));
        final Command s = new Command();
        CommandRequests.expireDue(s, 1);
        writer.append(s);
        writer.endOfBatch();
        writer.close();
        assertEquals(lastSeq + 1, s.seq);
        assertEquals(lastSeq + 1, readAll().size());
    }

    @Test
    void shouldWriteIntoAZeroFilledSegmentAndKeepItsLength() throws IOException
    {
        final List<Command> written = oneOfEach();
        write(written);
        assertEquals(1 << 20, Files.size(segment()), "created at full length");
        final JournalReader.Tail tail = JournalReader.repairTail(dir);
        assertTrue(tail.dataEnd() > 0 && tail.dataEnd() < 1 << 20, "records, then zeros: " + tail);
        assertEquals(written.size(), tail.lastSeq());
        assertEquals(0, tail.cutBytes());
        assertEquals(written.size(), readAll().size());
    }

    @Test
    void shouldRollIntoTheSegmentPreparedInTheBackground() throws Exception
    {
        final JournalWriter writer = new JournalWriter(dir, 1 << 20, Durability.ASYNC, JournalReader.repairTail(dir));
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(dir.resolve(JournalWriter.PREPARED)) && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(dir.resolve(JournalWriter.PREPARED)), "the next segment is prepared");
        int n = 0;
        while (JournalSegments.list(dir).size() < 2)
        {
            final Command s = new Command();
            requests.receive(s, "r" + n, "MUG", "S1", 1 + n++);
            writer.append(s);
            writer.endOfBatch();
        }
        writer.close();
        final Path second = JournalSegments.list(dir).get(1);
        assertEquals(1 << 20, Files.size(second), "the prepared file, renamed");
        assertEquals(n, JournalReader.repairTail(dir).lastSeq());
        assertEquals(n, readAll().size());
        assertTrue(!Files.exists(dir.resolve("next-segment.tmp")), "no half-prepared file left after close");
    }

    @Test
    void shouldCutStrayBytesAfterTheZerosThatEndTheData() throws IOException
    {
        write(oneOfEach());
        final long end = JournalReader.repairTail(dir).dataEnd();
        try (RandomAccessFile f = new RandomAccessFile(segment().toFile(), "rw"))
        {
            f.seek(end + 100_000);
            f.write(new byte[] {1, 2, 3});
        }
        // Not a record, so repair cuts it (zeroes it); never replayed as data.
        final JournalReader.Tail tail = JournalReader.repairTail(dir);
        assertEquals(11, tail.lastSeq());
        assertEquals(100_003, tail.cutBytes());
        assertEquals(11, readAll().size());
        assertEquals(0, JournalReader.repairTail(dir).cutBytes());
    }

    @Test
    void shouldCutATornTail() throws IOException
    {
        write(oneOfEach());
        tearLastRecord(dir, 5);   // the last record loses its end
        final JournalReader.Tail tail = JournalReader.repairTail(dir);
        assertEquals(10, tail.lastSeq());
        assertTrue(tail.cutBytes() > 0);
        assertEquals(10, readAll().size());
        // a second start finds nothing more to cut, and appending continues after seq 10
        assertEquals(0, JournalReader.repairTail(dir).cutBytes());
        assertAppendingGoesOnAfter(10);
    }

    @Test
    void shouldCutATornTailOfASegmentThatGrewWithItsRecords() throws IOException
    {
        write(oneOfEach());
        try (RandomAccessFile f = new RandomAccessFile(segment().toFile(), "rw"))
        {
            f.setLength(JournalReader.repairTail(dir).dataEnd() - 5);   // the layout before zero-filled segments
        }
        final JournalReader.Tail tail = JournalReader.repairTail(dir);
        assertEquals(10, tail.lastSeq());
        assertTrue(tail.cutBytes() > 0);
        assertAppendingGoesOnAfter(10);
    }

    @Test
    void shouldCutZeroFilledTail() throws IOException
    {
        write(oneOfEach());
        try (RandomAccessFile f = new RandomAccessFile(segment().toFile(), "rw"))
        {
            f.setLength(Files.size(segment()) + 4096);
        }
        assertEquals(11, JournalReader.repairTail(dir).lastSeq());
        assertEquals(11, readAll().size());
    }

    @Test
    void shouldRefuseAFlippedByteBeforeValidRecords() throws IOException
    {
        write(oneOfEach());
        try (RandomAccessFile f = new RandomAccessFile(segment().toFile(), "rw"))
        {
            f.seek(SegmentHeader.BYTES + 60);
            final int b = f.read();
            f.seek(SegmentHeader.BYTES + 60);
            f.write(b ^ 0x10);
        }
        final JournalCorruptException e = assertThrows(JournalCorruptException.class, () -> JournalReader.repairTail(dir));
        assertTrue(e.getMessage().contains("damaged record"), e.getMessage());
        assertThrows(JournalCorruptException.class, this::readAll);
    }

    @Test
    void shouldRefuseToStartWhenTheLedgerIsAheadOfTheJournal() throws Exception
    {
        final ManualClock clock = new ManualClock(CoreDriver.T0);
        try (CoreDriver core = CoreDriver.open(CoreDriver.config(dir), clock))
        {
            core.upsertLocation("a", "CW", "c", LocationKind.CENTRAL_WAREHOUSE, null);
            core.upsertItem("b", "MUG", "m", "");
            assertEquals(ResultCode.OK, core.receive("c", "MUG", "CW", 3).code());
        }
        final Path journal = dir.resolve("journal");
        tearLastRecord(journal, 8);   // acknowledged record 3 is damaged: the ledger has it, the journal not
        final JournalCorruptException e = assertThrows(JournalCorruptException.class,
            () -> CoreDriver.open(CoreDriver.config(dir), clock));
        assertTrue(e.getMessage().contains("acknowledged journal records are missing"), e.getMessage());
    }

    @Test
    void shouldRollSegmentsAndReplayAcrossThem() throws IOException
    {
        final JournalWriter writer = new JournalWriter(dir, 1 << 20, Durability.ASYNC, JournalReader.repairTail(dir));
        for (int i = 0; i < 20_000; i++)
        {
            final Command s = new Command();
            requests.receive(s, "r" + i, "MUG", "S1", 1 + i);
            writer.append(s);
            if (i % 100 == 99)
            {
                writer.endOfBatch();
            }
        }
        writer.close();
        assertTrue(JournalSegments.list(dir).size() > 1);
        assertEquals(20_000, JournalReader.repairTail(dir).lastSeq());
        final long[] sum = new long[2];
        assertEquals(15_000, JournalReader.replay(dir, 5_000, s ->
        {
            sum[0]++;
            sum[1] += s.quantity;
        }));
        assertEquals(15_000, sum[0]);
        final List<Path> segments = JournalSegments.list(dir);
        final long keepFrom = JournalSegments.firstSeqOf(segments.get(segments.size() - 1));
        assertEquals(segments.size() - 1, JournalSegments.deleteBefore(dir, keepFrom));
        assertEquals(20_000 - keepFrom + 1, JournalReader.replay(dir, keepFrom - 1, s -> { }));
        assertThrows(JournalCorruptException.class, () -> JournalReader.replay(dir, 0, s -> { }));
    }
}
