package io.stockring.server.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Bearer tokens are stored only as SHA-256 digests (hex in the security file). A presented token
 * is hashed and looked up by its digest; the match is confirmed with a constant-time compare.
 * Looking up by digest leaks, through timing, at most something about the digest, never the
 * token (the tokens this server issues are 256 random bits, so a slow hash such as PBKDF2 would
 * add nothing but cost on every call).
 */
public final class TokenHash
{
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(TokenHash::newDigest);

    private TokenHash()
    {
    }

    private static MessageDigest newDigest()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The SHA-256 digest of a token's UTF-8 bytes. */
    public static byte[] digest(final String token)
    {
        final MessageDigest md = SHA256.get();
        md.reset();
        return md.digest(token.getBytes(StandardCharsets.UTF_8));
    }

    /** The hex digest, as written in the security file. */
    public static String hex(final String token)
    {
        return HEX.formatHex(digest(token));
    }

    /** Parses a 64-character hex digest. */
    public static byte[] parseHex(final String hex)
    {
        final String h = hex.trim();
        if (h.length() != 64)
        {
            throw new IllegalArgumentException("a token digest is 64 hex characters (SHA-256), not " + h.length());
        }
        try
        {
            return HEX.parseHex(h.toLowerCase(java.util.Locale.ROOT));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("a token digest must be hex: " + e.getMessage());
        }
    }

    /** A map key for a digest (content equality). */
    static ByteBuffer key(final byte[] digest)
    {
        return ByteBuffer.wrap(digest).asReadOnlyBuffer();
    }

    /** Constant-time equality of two digests. */
    static boolean matches(final byte[] a, final byte[] b)
    {
        return MessageDigest.isEqual(a, b);
    }

    /** The first 8 hex characters of a token's digest: enough to tell tokens apart in a log, nothing more. */
    static String fingerprint(final byte[] digest)
    {
        return HEX.formatHex(digest, 0, 4);
    }
}
