package io.stockring.server.security;

/** A refusal: why, and words for the caller (never a secret). */
public record Denial(DenialReason reason, String detail)
{
}
