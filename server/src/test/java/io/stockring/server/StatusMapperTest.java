package io.stockring.server;

import io.grpc.Status;
import io.stockring.core.command.ResultCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class StatusMapperTest
{
    @Test
    void everyCodeHasAStatusAWireValueAndWords()
    {
        for (final ResultCode rc : ResultCode.values())
        {
            final Status.Code code = StatusMapper.grpcCode(rc);
            assertNotNull(code);
            assertFalse(StatusMapper.describe(rc).isBlank());
            assertEquals(rc.code(), io.stockring.proto.v1.ResultCode.forNumber(rc.code()).getNumber(),
                "the proto enum must carry " + rc);
            assertEquals("RESULT_CODE_" + rc.name(), io.stockring.proto.v1.ResultCode.forNumber(rc.code()).name());
        }
        assertEquals(Status.Code.INVALID_ARGUMENT, StatusMapper.grpcCode(ResultCode.TOO_MANY_LINES));
        assertEquals(Status.Code.NOT_FOUND, StatusMapper.grpcCode(ResultCode.UNKNOWN_LOCATION));
        assertEquals(Status.Code.FAILED_PRECONDITION, StatusMapper.grpcCode(ResultCode.RESERVATION_EXPIRED));
        assertEquals(Status.Code.ALREADY_EXISTS, StatusMapper.grpcCode(ResultCode.REQUEST_ID_REUSED));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, StatusMapper.grpcCode(ResultCode.RING_FULL));
        assertEquals(Status.Code.UNAVAILABLE, StatusMapper.grpcCode(ResultCode.JOURNAL_FAILED));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, StatusMapper.grpcCode(ResultCode.TIMEOUT));
    }
}
