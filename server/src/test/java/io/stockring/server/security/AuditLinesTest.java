package io.stockring.server.security;

import com.google.protobuf.util.JsonFormat;
import io.stockring.proto.v1.AuditRecord;
import io.stockring.proto.v1.ListAuditRequest;
import io.stockring.proto.v1.ReceiveRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The hand-written audit line must read back as the record, as protobuf's own printer's would. */
class AuditLinesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryFieldWithQuotesControlCharactersAndUnicode() throws Exception
    {
        final String tricky = "a \"quoted\" \\ back\\slash\nnew line\r\t tab \u0000\u001f \u2028 月饼礼盒 \uD83C\uDF81 <&>=";
        final List<AuditRecord> records = List.of(
            AuditRecord.newBuilder().setSeq(1).setAtMs(1_764_000_000_000L).setPrincipal("ops").setAuthenticatedBy("token")
                .setPeer("/127.0.0.1:5000").setMethod("stockring.v1.StockAdmin/Receive")
                .setRequestJson(JsonFormat.printer().omittingInsignificantWhitespace().print(ReceiveRequest.newBuilder()
                    .setRequestId("r-1").setSku("MUG").setLocation("CW").setQuantity(3).build()))
                .setReason(tricky).setStatus("OK").setStatusMessage(tricky).setDetail(tricky).build(),
            AuditRecord.newBuilder().setSeq(Long.MAX_VALUE).build());
        for (final AuditRecord r : records)
        {
            final StringBuilder line = new StringBuilder();
            AuditLines.append(line, r);
            assertEquals('\n', line.charAt(line.length() - 1));
            assertFalse(line.substring(0, line.length() - 1).contains("\n"), line::toString);
            assertEquals(r, AuditLog.parse(line.substring(0, line.length() - 1)), line::toString);
        }
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
}
