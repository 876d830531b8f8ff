package io.stockring.core.ledger;

import io.stockring.core.command.ChannelCodes;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.ReservationState;
import io.stockring.core.format.FormatException;
import io.stockring.core.testing.Golden;
import net.openhft.chronicle.bytes.Byteable;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.Memory;
import net.openhft.chronicle.core.OS;
import net.openhft.chronicle.values.Values;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The ledger's record layouts against golden files: each record type is written through the
 * code the writer uses, with fixed values, and its raw bytes must be exactly the golden ones
 * (so a moved field, a changed checksum or an enum renumbered fails here, not in a production
 * ledger). The FORMAT file that names the layouts is golden too, and a ledger of other layouts
 * is refused before any of its files is opened.
 */
class LedgerFormatTest
{
    private static final Memory MEMORY = OS.memory();

    @TempDir
    Path dir;

    @Test
    void recordLayoutsAreTheGoldenOnes() throws IOException
    {
        final StringBuilder out = new StringBuilder();

        final long stock = MEMORY.allocate(StockEntry.WORDS * 8L);
        MEMORY.setMemory(stock, StockEntry.WORDS * 8L, (byte)0);
        final StockEntry e = new StockEntry();
        e.bind(stock);
        e.load(Long.MAX_VALUE);
        e.onHand = 120;
        e.reserved = 7;
        e.inTransit = 30;
        e.safetyStock = 40;
        e.reorderPoint = 60;
        e.lastOutboundMs = 1_700_000_000_123L;
        e.shippedTotal = 999;
        e.store(41);
        e.load(Long.MAX_VALUE);
        e.reserved = 8;
        e.store(42); // the second version goes to the other slot
        words(out, "stock.entry (StockEntry, two versions)", stock, StockEntry.WORDS);
        MEMORY.freeMemory(stock, StockEntry.WORDS * 8L);

        final long reservation = MEMORY.allocate(ReservationRecord.WORDS * 8L);
        MEMORY.setMemory(reservation, ReservationRecord.WORDS * 8L, (byte)0);
        final ReservationRecord r = new ReservationRecord();
        r.bind(reservation);
        r.create(43, 1_700_000_000_200L, 1_700_000_900_200L, ChannelCodes.pack("mini-program", 0),
            ChannelCodes.pack("mini-program", 1), 2, new long[] {StockKeys.of(3, 4), StockKeys.of(5, 6)}, new long[] {1, 2});
        r.finish(ReservationState.CONFIRMED, 44, 1_700_000_000_300L);
        words(out, "reservation.record (ReservationRecord, confirmed)", reservation, ReservationRecord.WORDS);
        MEMORY.freeMemory(reservation, ReservationRecord.WORDS * 8L);

        final long request = MEMORY.allocate(IdempotencyRecord.WORDS * 8L);
        MEMORY.setMemory(request, IdempotencyRecord.WORDS * 8L, (byte)0);
        final IdempotencyRecord q = new IdempotencyRecord();
        q.bind(request);
        q.store(45, 0x1234_5678_9abc_def0L, 0, 43, 1_700_000_000_400L);
        words(out, "request.record (IdempotencyRecord)", request, IdempotencyRecord.WORDS);
        MEMORY.freeMemory(request, IdempotencyRecord.WORDS * 8L);

        final CatalogValue v = Values.newNativeReference(CatalogValue.class);
        final long size = ((Byteable)v).maxSize();
        final BytesStore<?, Void> store = BytesStore.nativeStoreWithFixedCapacity(size);
        store.zeroOut(0, size);
        ((Byteable)v).bytesStore(store, 0, size);
        CatalogRecords.writeId(v, 7, 46);
        CatalogRecords.writeAttributes(v, 47, "中央仓 Central", "", LocationKind.CENTRAL_WAREHOUSE.code(), 0);
        bytes(out, "catalog.value (CatalogValue, a location)", read(store.addressForRead(0), (int)size));
        store.releaseLast();

        try (LedgerProgress progress = new LedgerProgress(dir.resolve(Ledger.PROGRESS_FILE)))
        {
            progress.totalReceived = 500;
            progress.totalShipped = 120;
            progress.totalAdjusted = -3;
            progress.commit(48);
        }
        bytes(out, "progress (progress.dat)", Files.readAllBytes(dir.resolve(Ledger.PROGRESS_FILE)));

        final Path ringFile = dir.resolve("ring.tbl");
        try (RecordRing ring = RecordRing.open(ringFile, 2, 1, 10, false))
        {
            MEMORY.writeLong(ring.acquire(0x0102_0304_0506_0708L, 0x1112_1314_1516_1718L), 0x2122_2324_2526_2728L);
        }
        bytes(out, "record.ring (RecordRing: header, one record of 2 key words and 1 value word)",
            Files.readAllBytes(ringFile));

        Golden.assertMatches("ledger-record-layouts.txt", out.toString());
    }

    @Test
    void aNewLedgerWritesTheGoldenFormatFile() throws IOException
    {
        Ledger.open(dir, LedgerCapacity.small(), false).close();
        Golden.assertMatches("ledger-FORMAT", Files.readString(dir.resolve(LedgerFormat.FILE)));
    }

    @Test
    void aLedgerWrittenBeforeFormatExistedIsReadAndGetsItsFormatFile() throws IOException
    {
        Ledger.open(dir, LedgerCapacity.small(), false).close();
        Files.delete(dir.resolve(LedgerFormat.FILE));
        Ledger.open(dir, LedgerCapacity.small(), false).close();
        assertEquals(new String(Golden.bytes("ledger-FORMAT"), StandardCharsets.UTF_8),
            Files.readString(dir.resolve(LedgerFormat.FILE)));
    }

    @Test
    void aLedgerOfOtherLayoutsIsRefusedBeforeItsFilesAreOpened() throws IOException
    {
        Ledger.open(dir, LedgerCapacity.small(), false).close();
        final Path format = dir.resolve(LedgerFormat.FILE);
        Files.writeString(format, Files.readString(format).replace("layout.stock.entry=1", "layout.stock.entry=2"));
        final byte[] stockBefore = Files.readAllBytes(dir.resolve(Ledger.STOCK_FILE));
        final FormatException e = assertThrows(FormatException.class,
            () -> Ledger.open(dir, LedgerCapacity.small(), false));
        assertEquals(format + ": found stock.entry layout 2; this build reads stock.entry layout 1 " +
            "(see ops/RUNBOOK.md, 'Format versions')", e.getMessage());
        assertEquals(java.util.Arrays.hashCode(stockBefore),
            java.util.Arrays.hashCode(Files.readAllBytes(dir.resolve(Ledger.STOCK_FILE))), "nothing changed");

        Files.writeString(format, "# from the future\nformat=2\n");
        final FormatException newer = assertThrows(FormatException.class,
            () -> Ledger.open(dir, LedgerCapacity.small(), false));
        assertEquals(format + ": found format 2; this build reads format 1 (see ops/RUNBOOK.md, 'Format versions')",
            newer.getMessage());
        assertFalse(newer.getMessage().contains("\n"));
    }

    private static void words(final StringBuilder out, final String title, final long address, final int words)
    {
        out.append(title).append('\n');
        for (int i = 0; i < words; i++)
        {
            out.append(String.format(Locale.ROOT, "  %3d  %016x%n", i, MEMORY.readLong(address + i * 8L)));
        }
    }

    private static byte[] read(final long address, final int length)
    {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++)
        {
            b[i] = MEMORY.readByte(address + i);
        }
        return b;
    }

    /** Hex, 32 bytes a line; all-zero lines are left out (the offset says where the next one is). */
    private static void bytes(final StringBuilder out, final String title, final byte[] bytes)
    {
        final int length = bytes.length;
        out.append(title).append(", ").append(length).append(" bytes\n");
        for (int at = 0; at < length; at += 32)
        {
            final StringBuilder line = new StringBuilder();
            boolean zero = true;
            for (int i = at; i < Math.min(length, at + 32); i++)
            {
                final byte b = bytes[i];
                zero &= b == 0;
                line.append(String.format(Locale.ROOT, "%02x", b));
            }
            if (!zero)
            {
                out.append(String.format(Locale.ROOT, "  %5d  ", at)).append(line).append('\n');
            }
        }
    }
}
