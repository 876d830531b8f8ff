package io.stockring.server.security;

import io.stockring.core.command.ResultCode;
import io.stockring.proto.v1.ReserveRequest;

/**
 * The access checks of {@code ReserveStream}, item by item: a stream carries many reservations,
 * each of which is admitted or refused on its own (with a result code in its place in the
 * results), and each takes one permit of its channel's rate limit.
 */
public interface ReserveGate
{
    /** Admits everything (the server runs without authentication). */
    ReserveGate OPEN = () -> request -> ResultCode.OK;

    /** The checks of one stream, bound to its caller; called on the gRPC thread that opens it. */
    Admission open();

    /** One stream's checks. */
    interface Admission
    {
        /** {@link ResultCode#OK}, or the access code the item is refused with. */
        ResultCode admit(ReserveRequest request);
    }
}
