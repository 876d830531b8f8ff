package io.stockring.server;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.stockring.core.command.ResultCode;

/**
 * The one place that turns an engine result code into a gRPC status (docs/architecture.md, "Errors"):
 *
 * <pre>
 *   1xx bad input              INVALID_ARGUMENT     message names the field
 *   2xx unknown sku/location   NOT_FOUND
 *   3xx stock or state         FAILED_PRECONDITION
 *   REQUEST_ID_REUSED          ALREADY_EXISTS
 *   RING_FULL, LEDGER_FULL     RESOURCE_EXHAUSTED   (retry later with the same request id)
 *   TIMEOUT                    DEADLINE_EXCEEDED
 *   other 5xx                  UNAVAILABLE          (outcome unknown: retry with the same id)
 *   UNAUTHENTICATED            UNAUTHENTICATED
 *   PERMISSION_DENIED          PERMISSION_DENIED
 *   RATE_LIMITED, REQUEST_LIMIT_EXCEEDED   RESOURCE_EXHAUSTED
 * </pre>
 *
 * Every error carries a {@code google.rpc.ErrorInfo} whose reason is the result code's name,
 * so clients branch on a stable string, not on message text.
 */
public final class StatusMapper
{
    public static final String DOMAIN = "stockring.io";

    private StatusMapper()
    {
    }

    public static Status.Code grpcCode(final ResultCode rc)
    {
        if (rc == ResultCode.OK)
        {
            return Status.Code.OK;
        }
        if (rc.isValidationFailure())
        {
            return Status.Code.INVALID_ARGUMENT;
        }
        if (rc.isNotFound())
        {
            return Status.Code.NOT_FOUND;
        }
        if (rc.isPrecondition())
        {
            return Status.Code.FAILED_PRECONDITION;
        }
        switch (rc)
        {
            case REQUEST_ID_REUSED:
                return Status.Code.ALREADY_EXISTS;
            case RING_FULL:
            case LEDGER_FULL:
                return Status.Code.RESOURCE_EXHAUSTED;
            case TIMEOUT:
                return Status.Code.DEADLINE_EXCEEDED;
            case UNAUTHENTICATED:
                return Status.Code.UNAUTHENTICATED;
            case PERMISSION_DENIED:
                return Status.Code.PERMISSION_DENIED;
            case RATE_LIMITED:
            case REQUEST_LIMIT_EXCEEDED:
                return Status.Code.RESOURCE_EXHAUSTED;
            default:
                return Status.Code.UNAVAILABLE;
        }
    }

    /**
     * @param field the request field the code is about (for bad input), or null
     * @param detail extra words for the message, or null
     */
    public static StatusRuntimeException toException(final ResultCode rc, final String field, final String detail)
    {
        final StringBuilder message = new StringBuilder(rc.name());
        if (field != null)
        {
            message.append(": ").append(field);
        }
        message.append(": ").append(describe(rc));
        if (detail != null)
        {
            message.append(" (").append(detail).append(')');
        }
        final ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(rc.name()).setDomain(DOMAIN)
            .putMetadata("result_code", Integer.toString(rc.code()));
        if (field != null)
        {
            info.putMetadata("field", field);
        }
        final com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
            .setCode(grpcCode(rc).value())
            .setMessage(message.toString())
            .addDetails(Any.pack(info.build()))
            .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** A short sentence per code, for people reading a status message or a CLI error line. */
    public static String describe(final ResultCode rc)
    {
        switch (rc)
        {
            case OK:
                return "ok";
            case INVALID_REQUEST_ID:
                return "request id must be 1-64 printable ASCII characters without spaces";
            case INVALID_QUANTITY:
                return "quantity must be a positive whole number (at most 10^12)";
            case TOO_MANY_LINES:
                return "a reservation holds at most 8 lines";
            case NO_LINES:
                return "a reservation needs at least one line";
            case SAME_LOCATION:
                return "a transfer needs two different locations";
            case INVALID_TTL:
                return "ttl must be between 1 second and 7 days";
            case INVALID_CODE:
                return "codes must be 1-64 printable ASCII characters without spaces";
            case INVALID_NAME:
                return "a name must not be blank and at most 200 characters";
            case INVALID_THRESHOLDS:
                return "safety stock and reorder point must be zero or positive";
            case INVALID_LOCATION_KIND:
                return "location kind must be set";
            case INVALID_RESERVATION_ID:
                return "reservation id must be a positive number";
            case INVALID_REASON:
                return "an adjustment needs a reason (1-64 characters)";
            case INVALID_CHANNEL:
                return "channel must be 1-16 printable ASCII characters";
            case UNKNOWN_SKU:
                return "no such sku";
            case UNKNOWN_LOCATION:
                return "no such location";
            case UNKNOWN_RESERVATION:
                return "no such reservation";
            case UNKNOWN_PARENT_LOCATION:
                return "no such parent location";
            case INSUFFICIENT_STOCK:
                return "not enough available stock";
            case ALREADY_CONFIRMED:
                return "the reservation was already confirmed";
            case ALREADY_RELEASED:
                return "the reservation was already released";
            case RESERVATION_EXPIRED:
                return "the reservation expired";
            case ADJUST_EXPECTED_MISMATCH:
                return "on-hand stock is not the expected count any more";
            case ADJUST_BELOW_RESERVED:
                return "on-hand stock cannot go below what is reserved";
            case INSUFFICIENT_IN_TRANSIT:
                return "not that much stock is in transit to this location";
            case QUANTITY_OVERFLOW:
                return "the quantity would overflow";
            case PARENT_CYCLE:
                return "a location cannot be its own ancestor";
            case REQUEST_ID_REUSED:
                return "this request id was used for a different request";
            case RING_FULL:
                return "the server is at capacity; retry with the same request id";
            case LEDGER_FULL:
                return "the ledger is full; raise its capacity";
            case JOURNAL_FAILED:
                return "the journal could not be written; the outcome is unknown, retry with the same request id";
            case SHUTTING_DOWN:
                return "the server is shutting down; retry with the same request id";
            case TIMEOUT:
                return "the deadline passed before the command could be taken";
            case NO_LEADER:
                return "no cluster leader took the command in time (an election, or this node is cut off from a " +
                    "majority); the outcome is unknown, retry with the same request id on this or another node";
            case UNAUTHENTICATED:
                return "no valid credentials: present a known client certificate or a bearer token";
            case PERMISSION_DENIED:
                return "the caller may not do this";
            case RATE_LIMITED:
                return "the channel is over its per-second limit; retry later with the same request id";
            case REQUEST_LIMIT_EXCEEDED:
                return "the request is over a per-request limit of the channel";
            case INTERNAL_ERROR:
            default:
                return "the server stopped applying commands; retry with the same request id after it restarts";
        }
    }
}
