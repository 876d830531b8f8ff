package io.stockring.server.security;

import io.stockring.proto.v1.AuditRecord;
import io.stockring.proto.v1.ListAuditRequest;
import io.stockring.proto.v1.ReceiveRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest
{
    @TempDir
    Path dir;

    private static AuditLog.Entry entry(final int i)
    {
        return new AuditLog.Entry(1_000L + i, i % 2 == 0 ? "ops" : "planner", "token", "127.0.0.1:1",
            i % 3 == 0 ? "stockring.v1.Security/SetRoles" : "stockring.v1.StockAdmin/Receive",
            ReceiveRequest.newBuilder().setRequestId("r" + i).setSku("MUG").setLocation("CW").setQuantity(i).build(),
            i % 5 == 0 ? "why " + i : null, "OK", null, null);
    }

    @Test
    void shouldPageFilterAndSurviveATornTail() throws Exception
    {
        try (AuditLog log = new AuditLog(dir, System::currentTimeMillis))
        {
            for (int i = 1; i <= 3_000; i++)
            {
                log.record(entry(i));
            }
            final var page = log.list(ListAuditRequest.newBuilder().setAfterSeq(2_040).setLimit(10).build());
            assertEquals(List.of(2_041L, 2_042L, 2_043L, 2_044L, 2_045L, 2_046L, 2_047L, 2_048L, 2_049L, 2_050L),
                page.getRecordsList().stream().map(AuditRecord::getSeq).toList());
            assertTrue(page.getMore());
            final AuditRecord r = page.getRecords(9);
            assertEquals("why 2050", r.getReason());
            assertTrue(r.getRequestJson().contains("\"requestId\":\"r2050\""), r.getRequestJson());
            assertEquals(1_000, log.list(ListAuditRequest.newBuilder().setMethodPrefix("stockring.v1.Security/")
                .setLimit(1_000).build()).getRecordsCount());
            assertEquals(500, log.list(ListAuditRequest.newBuilder().setPrincipal("planner").setSinceMs(2_000)
                .setUntilMs(3_000)
                .setLimit(1_000).build()).getRecordsCount());
        }
        // the process died in the middle of a line
        Files.writeString(dir.resolve(AuditLog.FILE), "{\"seq\":\"3001\",\"atMs\":\"12", StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
        try (AuditLog log = new AuditLog(dir, System::currentTimeMillis))
        {
            log.record(entry(7));
            final var tail = log.list(ListAuditRequest.newBuilder().setAfterSeq(2_999).build());
            assertEquals(List.of(3_000L, 3_001L), tail.getRecordsList().stream().map(AuditRecord::getSeq).toList());
            assertEquals("r7", tail.getRecords(1).getRequestJson().replaceAll(".*\"requestId\":\"(r\\d+)\".*", "$1"));
        }
        assertTrue(Files.readAllLines(dir.resolve(AuditLog.FILE)).stream().allMatch(l -> AuditLog.parse(l) != null),
            "every line whole");
    }

    @Test
    void shouldFindPagesByByteOffsetWhenLinesHoldMultiByteCharacters() throws Exception
    {
        try (AuditLog log = new AuditLog(dir, System::currentTimeMillis))
        {
            for (int i = 1; i <= 2_500; i++)
            {
                log.record(new AuditLog.Entry(1_000L + i, "ops", "token", "127.0.0.1:1", "stockring.v1.StockAdmin/Receive",
                    ReceiveRequest.newBuilder().setRequestId("r" + i).setSku("月饼-" + i).setLocation("CW").setQuantity(i)
                        .build(), "补货 \uD83C\uDF81 " + i, "OK", null, null));
            }
            // Record 2,049 is the first at an indexed offset: bytes counted too many before it, and it is lost.
            final var page = log.list(ListAuditRequest.newBuilder().setAfterSeq(2_048).setLimit(3).build());
            assertEquals(List.of(2_049L, 2_050L, 2_051L), page.getRecordsList().stream().map(AuditRecord::getSeq).toList());
            assertEquals("补货 \uD83C\uDF81 2049", page.getRecords(0).getReason());
        }
    }

    @Test
    void reopeningReadsEverySequenceAcrossScanBlocksWithoutParsing() throws Exception
    {
        try (AuditLog log = new AuditLog(dir, System::currentTimeMillis))
        {
            for (int i = 1; i <= 6_000; i++) // ~2 MB: lines straddle the scan's 1 MiB blocks
            {
                log.record(entry(i));
            }
        }
        // a line this class did not write (fields in another order) is still read, in full
        Files.writeString(dir.resolve(AuditLog.FILE), "{\"atMs\":\"5\",\"seq\":\"6001\",\"status\":\"OK\"}\n",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (AuditLog log = new AuditLog(dir, System::currentTimeMillis))
        {
            log.record(entry(1));
            assertEquals(List.of(6_001L, 6_002L), log.list(ListAuditRequest.newBuilder().setAfterSeq(6_000).build())
                .getRecordsList().stream().map(AuditRecord::getSeq).toList());
            assertEquals(List.of(4_097L), log.list(ListAuditRequest.newBuilder().setAfterSeq(4_096).setLimit(1).build())
                .getRecordsList().stream().map(AuditRecord::getSeq).toList());
        }
    }

    @Test
    void leadingSeqReadsOnlyTheLayoutThisClassWrites()
    {
        assertEquals(42, seq("{\"seq\":\"42\",\"atMs\":\"1\"}"));
        assertEquals(-1, seq("{\"seq\":\"42\",\"atMs\":\"1\""), "no closing brace: torn");
        assertEquals(-1, seq("{\"atMs\":\"1\",\"seq\":\"42\"}"), "another order: parsed in full instead");
        assertEquals(-1, seq("{\"seq\":\"\",\"atMs\":\"1\"}"));
        assertEquals(-1, seq("{\"seq\":\"4x2\",\"atMs\":\"1\"}"));
        assertEquals(-1, seq("{\"seq\":\"1234567890123456789012\",\"a\":1}"), "too long for a long");
    }

    private static long seq(final String line)
    {
        final byte[] b = ("xx" + line).getBytes(StandardCharsets.UTF_8);
        return AuditLog.leadingSeq(b, 2, b.length - 2);
    }
}
