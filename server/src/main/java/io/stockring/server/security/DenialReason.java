package io.stockring.server.security;

import io.stockring.core.command.ResultCode;

import java.util.Locale;

/** Why a call was refused: the label of the denial counter, and the result code the caller gets. */
public enum DenialReason
{
    /** No credentials, an unknown token, or a certificate of no known principal. */
    UNAUTHENTICATED(ResultCode.UNAUTHENTICATED),
    /** A token past its expiry. */
    EXPIRED_CREDENTIALS(ResultCode.UNAUTHENTICATED),
    /** A certificate and a token that name different principals. */
    CONFLICTING_CREDENTIALS(ResultCode.UNAUTHENTICATED),
    /** None of the principal's roles may call the method. */
    ROLE(ResultCode.PERMISSION_DENIED),
    /** The request's channel is not the principal's. */
    CHANNEL_MISMATCH(ResultCode.PERMISSION_DENIED),
    /** The channel's allocation does not let it reserve there. */
    LOCATION(ResultCode.PERMISSION_DENIED),
    /** The reservation belongs to another channel. */
    NOT_OWNER(ResultCode.PERMISSION_DENIED),
    /** Over the channel's per-second limit. */
    RATE_LIMITED(ResultCode.RATE_LIMITED),
    /** Over a per-request limit of the channel. */
    REQUEST_LIMIT(ResultCode.REQUEST_LIMIT_EXCEEDED);

    private final ResultCode code;
    private final String label;

    DenialReason(final ResultCode code)
    {
        this.code = code;
        this.label = name().toLowerCase(Locale.ROOT);
    }

    public ResultCode code()
    {
        return code;
    }

    /** The metric label and log word. */
    public String label()
    {
        return label;
    }
}
