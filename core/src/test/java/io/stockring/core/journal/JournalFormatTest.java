package io.stockring.core.journal;

import io.stockring.core.command.Command;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.LocationKind;
import io.stockring.core.format.FormatException;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.request.CommandRequests;
import io.stockring.core.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's durable format against golden files: a format-2 segment (header, then one record
 * of every journaled command) must be exactly what this build writes, and both it and a format-1
 * (headerless) segment must replay to the same commands. Foreign files and other versions are
 * refused with one line that says what was found and what is read.
 */
class JournalFormatTest
{
    private static final String FORMAT_2 = "journal-format2-every-command.journal";
    private static final String FORMAT_1 = "journal-format1-every-command.journal";
    private static final String FIRST_SEGMENT = "00000000000000000001.journal";

    @TempDir
    Path dir;

    /** One record of every journaled command type, both adjust modes; fixed times. */
    static List<Command> everyCommand()
    {
        final CommandRequests requests = new CommandRequests(new Catalog());
        final List<Command> out = new ArrayList<>();
        Command s = add(out);
        requests.upsertItem(s, "req-item", "MUG", "月饼礼盒 mooncake box", "festival");
        requests.upsertLocation(s = add(out), "req-loc", "S1", "Store 1", LocationKind.STORE, "CW");
        requests.receive(s = add(out), "req-receive", "MUG", "S1", 7);
        requests.adjustBy(s = add(out), "req-adjust-by", "MUG", "S1", -2, "damaged in store");
        requests.adjustTo(s = add(out), "req-adjust-to", "MUG", "S1", 7, 5, "stocktake");
        requests.reserve(s = add(out), "req-reserve", "app", new String[]{"MUG", "PEN"}, new String[]{"S1", "S2"},
            new long[]{1, 2}, 2, 9_000);
        requests.confirm(s = add(out), "req-confirm", 5);
        requests.release(s = add(out), "req-release", 6);
        requests.transfer(s = add(out), CommandType.TRANSFER, "req-transfer", "MUG", "CW", "S1", 4);
        requests.transfer(s = add(out), CommandType.TRANSFER_OUT, "req-ship", "MUG", "CW", "S1", 3);
        requests.transferIn(s = add(out), "req-land", "MUG", "S1", 3);
        requests.setPolicy(s = add(out), "req-policy", "MUG", "S1", 10, 20);
        CommandRequests.expireDue(s = add(out), 100);
        for (int i = 0; i < out.size(); i++)
        {
            out.get(i).timestampMs = 1_700_000_000_000L + i;
        }
        return out;
    }

    private static Command add(final List<Command> out)
    {
        final Command c = new Command();
        out.add(c);
        return c;
    }

    @Test
    void everyJournaledCommandTypeIsInTheGoldenSegment()
    {
        final List<CommandType> types = everyCommand().stream().map(c -> c.type).distinct().toList();
        final List<CommandType> journaled = Arrays.stream(CommandType.values()).filter(CommandType::isJournaled)
            .toList();
        assertEquals(journaled.size(), types.size(), "a journaled command type is missing here: " + types);
    }

    @Test
    void thisBuildWritesTheGoldenFormat2Segment() throws IOException
    {
        final JournalWriter writer = new JournalWriter(dir, 1 << 16, Durability.SYNC, JournalReader.repairTail(dir));
        for (final Command c : everyCommand())
        {
            writer.append(c);
        }
        writer.endOfBatch();
        writer.close();
        final long dataEnd = JournalReader.repairTail(dir).dataEnd();
        final byte[] segment = Files.readAllBytes(dir.resolve(FIRST_SEGMENT));
        Golden.assertMatches(FORMAT_2, Arrays.copyOf(segment, (int)dataEnd));
        if (Boolean.getBoolean("stockring.golden.update"))
        {
            // Format 1 is format 2 without its header: the records' layout did not change.
            Golden.assertMatches(FORMAT_1, Arrays.copyOfRange(segment, SegmentHeader.BYTES, (int)dataEnd));
        }
    }

    @Test
    void theGoldenSegmentsOfBothFormatsReplayToTheSameCommands() throws IOException
    {
        final List<Command> written = everyCommand();
        for (int i = 0; i < written.size(); i++)
        {
            written.get(i).seq = i + 1; // as the writer numbered them
        }
        final List<String> expected = written.stream().map(JournalFormatTest::describe).toList();
        for (final String golden : List.of(FORMAT_2, FORMAT_1))
        {
            final Path journal = dir.resolve(golden);
            Golden.copy(golden, journal.resolve(FIRST_SEGMENT));
            assertEquals(expected.size(), JournalReader.repairTail(journal).lastSeq(), golden);
            final List<String> read = new ArrayList<>();
            JournalReader.replay(journal, 0, c -> read.add(describe(c)));
            assertEquals(expected, read, golden);
        }
    }

    @Test
    void aHeaderlessSegmentIsAppendedToInItsOwnLayout() throws IOException
    {
        Golden.copy(FORMAT_1, dir.resolve(FIRST_SEGMENT));
        final int before = Golden.bytes(FORMAT_1).length;
        final JournalWriter writer = new JournalWriter(dir, 1 << 16, Durability.SYNC, JournalReader.repairTail(dir));
        final Command c = new Command();
        new CommandRequests(new Catalog()).receive(c, "req-more", "MUG", "S1", 1);
        writer.append(c);
        writer.endOfBatch();
        writer.close();
        assertEquals(everyCommand().size() + 1, JournalReader.repairTail(dir).lastSeq());
        final byte[] after = Files.readAllBytes(dir.resolve(FIRST_SEGMENT));
        assertEquals(Arrays.toString(Arrays.copyOf(Golden.bytes(FORMAT_1), 8)), Arrays.toString(Arrays.copyOf(after, 8)),
            "no header was put in front of a headerless segment");
        assertTrue(JournalReader.repairTail(dir).dataEnd() > before);
    }

    @Test
    void aSegmentOfANewerFormatIsRefusedWithOneLine() throws IOException
    {
        writeGolden2();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(FIRST_SEGMENT).toFile(), "rw"))
        {
            f.seek(8);
            f.write(new byte[] {3, 0, 0, 0});
        }
        final FormatException e = assertThrows(FormatException.class, () -> JournalReader.repairTail(dir));
        assertEquals("journal segment " + dir.resolve(FIRST_SEGMENT) + ": found format version 3; this build reads " +
            "versions 1 (headerless) and 2 (see ops/RUNBOOK.md, 'Format versions')", e.getMessage());
        assertThrows(FormatException.class, () -> JournalReader.replay(dir, 0, c -> { }));
    }

    @Test
    void aForeignFileNamedLikeASegmentIsRefused() throws IOException
    {
        Files.write(dir.resolve(FIRST_SEGMENT), "PK\u0003\u0004 a zip archive, not a journal".getBytes());
        final FormatException e = assertThrows(FormatException.class, () -> JournalReader.repairTail(dir));
        assertTrue(e.getMessage().startsWith("journal segment " + dir.resolve(FIRST_SEGMENT) +
            ": found bytes 50 4b 03 04 20 61 20 7a at its start; this build reads segments that start with the magic"),
            e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aDamagedHeaderIsCorruptionNotAFormat() throws IOException
    {
        writeGolden2();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(FIRST_SEGMENT).toFile(), "rw"))
        {
            f.seek(40);
            f.write(1);
        }
        final JournalCorruptException e = assertThrows(JournalCorruptException.class,
            () -> JournalReader.repairTail(dir));
        assertTrue(e.getMessage().contains("damaged header"), e.getMessage());
    }

    @Test
    void theHeaderNamesItsFirstSequence() throws IOException
    {
        writeGolden2();
        final ByteBuffer header = ByteBuffer.wrap(Golden.bytes(FORMAT_2), 0, SegmentHeader.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("STKRJRNL", new String(Golden.bytes(FORMAT_2), 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(SegmentHeader.VERSION, header.getInt(8));
        assertEquals(SegmentHeader.BYTES, header.getInt(12));
        assertEquals(1, header.getLong(16));
        Files.move(dir.resolve(FIRST_SEGMENT), dir.resolve("00000000000000000002.journal"));
        final JournalCorruptException e = assertThrows(JournalCorruptException.class,
            () -> JournalReader.repairTail(dir));
        assertTrue(e.getMessage().contains("says it starts at seq 1 but its name says 2"), e.getMessage());
    }

    private void writeGolden2() throws IOException
    {
        Golden.copy(FORMAT_2, dir.resolve(FIRST_SEGMENT));
    }

    /** Every field a record carries, by type. */
    private static String describe(final Command c)
    {
        final StringBuilder sb = new StringBuilder().append(c.type).append(" seq=").append(c.seq)
            .append(" at=").append(c.timestampMs).append(" hash=").append(c.contentHash);
        if (c.type.isIdempotent())
        {
            sb.append(" id=").append(c.requestId()).append(" key=").append(c.requestKeyHi).append('/').append(c.requestKeyLo);
        }
        switch (c.type)
        {
            case UPSERT_ITEM -> sb.append(' ').append(c.code).append('|').append(c.name).append('|').append(c.category);
            case UPSERT_LOCATION -> sb.append(' ').append(c.code).append('|').append(c.name).append('|')
                .append(c.locationKind).append('|').append(c.parentLocationId);
            case RECEIVE -> sb.append(' ').append(c.skuId).append('@').append(c.locationId).append('x')
                .append(c.quantity);
            case ADJUST -> sb.append(' ').append(c.skuId).append('@').append(c.locationId).append(" mode=")
                .append(c.adjustMode).append(" q=").append(c.quantity).append(" expected=").append(c.expectedOnHand)
                .append(" reason=").append(c.reason);
            case RESERVE ->
            {
                sb.append(" channel=").append(c.channel()).append(" ttl=").append(c.ttlMs);
                for (int i = 0; i < c.lineCount; i++)
                {
                    sb.append(' ').append(c.lineSkuIds[i]).append('@').append(c.lineLocationIds[i]).append('x')
                        .append(c.lineQuantities[i]);
                }
            }
            case CONFIRM, RELEASE -> sb.append(" reservation=").append(c.reservationId);
            case TRANSFER, TRANSFER_OUT, TRANSFER_IN -> sb.append(' ').append(c.skuId).append(' ').append(c.locationId)
                .append("->").append(c.toLocationId).append('x').append(c.quantity);
            case SET_POLICY -> sb.append(' ').append(c.skuId).append('@').append(c.locationId).append(" safety=")
                .append(c.safetyStock).append(" reorder=").append(c.reorderPoint);
            case EXPIRE_DUE -> sb.append(" limit=").append(c.maxCount);
            default -> { }
        }
        return sb.toString();
    }
}
