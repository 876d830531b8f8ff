package io.stockring.core.command;

/**
 * Outcome of a command. The writer never throws for a business outcome: it writes one of these
 * into the command slot. Codes are grouped in numeric ranges by subsystem so that a number in a
 * log line says where it came from:
 *
 * <pre>
 *     0        OK
 *   100-199    validation at the edge (the request itself is malformed; nothing is journaled)
 *   200-299    something named by the request does not exist
 *   300-399    business precondition (stock, reservation state, optimistic checks)
 *   400-499    idempotency
 *   500-599    capacity and system (ring full, ledger full, journal failure, shutting down)
 *   600-699    access: authentication, authorization, per-channel limits (at the edge, never journaled)
 * </pre>
 *
 * The numeric value is stored in the journal's idempotency records and must never change.
 */
public enum ResultCode
{
    OK(0),

    INVALID_REQUEST_ID(101),
    INVALID_QUANTITY(102),
    TOO_MANY_LINES(103),
    NO_LINES(104),
    SAME_LOCATION(105),
    INVALID_TTL(106),
    INVALID_CODE(107),
    INVALID_NAME(108),
    INVALID_THRESHOLDS(109),
    INVALID_LOCATION_KIND(110),
    INVALID_RESERVATION_ID(111),
    INVALID_REASON(112),
    INVALID_CHANNEL(113),

    UNKNOWN_SKU(201),
    UNKNOWN_LOCATION(202),
    UNKNOWN_RESERVATION(203),
    UNKNOWN_PARENT_LOCATION(204),

    INSUFFICIENT_STOCK(301),
    ALREADY_CONFIRMED(302),
    ALREADY_RELEASED(303),
    RESERVATION_EXPIRED(304),
    ADJUST_EXPECTED_MISMATCH(305),
    ADJUST_BELOW_RESERVED(306),
    INSUFFICIENT_IN_TRANSIT(307),
    QUANTITY_OVERFLOW(308),
    PARENT_CYCLE(309),

    REQUEST_ID_REUSED(401),

    RING_FULL(501),
    LEDGER_FULL(502),
    JOURNAL_FAILED(503),
    SHUTTING_DOWN(504),
    TIMEOUT(505),
    /** The writer met a bug or a corrupt record and stopped applying commands (fail-stop). */
    INTERNAL_ERROR(506),
    /**
     * Replicated mode: no cluster leader could take the command before its deadline (an
     * election, or this node cut off from a majority); the outcome is unknown, retry with the
     * same request id, on this node or another.
     */
    NO_LEADER(507),

    UNAUTHENTICATED(601),
    PERMISSION_DENIED(602),
    /** The channel is over its per-second limit: retry later (with the same request id). */
    RATE_LIMITED(603),
    /** The request is over a per-request limit of its channel (lines, quantity): do not retry it. */
    REQUEST_LIMIT_EXCEEDED(604);

    private static final ResultCode[] BY_CODE = new ResultCode[700];

    static
    {
        for (final ResultCode rc : values())
        {
            BY_CODE[rc.code] = rc;
        }
    }

    private final int code;

    ResultCode(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    public boolean isOk()
    {
        return this == OK;
    }

    /** Outcomes that say the request was malformed: answered at the edge, never journaled. */
    public boolean isValidationFailure()
    {
        return code >= 100 && code < 200;
    }

    public boolean isNotFound()
    {
        return code >= 200 && code < 300;
    }

    public boolean isPrecondition()
    {
        return code >= 300 && code < 400;
    }

    public boolean isCapacityOrSystem()
    {
        return code >= 500 && code < 600;
    }

    /** Refused by the access checks at the edge (io.stockring.server.security). */
    public boolean isAccessDenial()
    {
        return code >= 600 && code < 700;
    }

    public static ResultCode fromCode(final int code)
    {
        final ResultCode rc = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (rc == null)
        {
            throw new IllegalArgumentException("unknown result code " + code);
        }
        return rc;
    }
}
