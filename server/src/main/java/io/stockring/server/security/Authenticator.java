package io.stockring.server.security;

import io.grpc.Metadata;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Finds the principal of a call: from the client certificate the TLS handshake verified (its
 * subject CN names the principal), or from an {@code authorization: Bearer TOKEN} header (the
 * token's SHA-256 names it). With both, they must name the same principal. The certificate's
 * principal is cached in the TLS session, so a connection pays for the look-up once.
 */
final class Authenticator
{
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
        Metadata.ASCII_STRING_MARSHALLER);
    private static final String SESSION_KEY = "io.stockring.principal";

    private final SecurityConfig config;
    private final LongSupplier clockMs;

    Authenticator(final SecurityConfig config, final LongSupplier clockMs)
    {
        this.config = config;
        this.clockMs = clockMs;
    }

    /** A {@link Caller}, or a {@link Denial}. */
    Object authenticate(final SSLSession session, final Metadata headers, final String peer)
    {
        Principal byCertificate = null;
        Denial certificateDenial = null;
        if (session != null)
        {
            final Object cached = session.getValue(SESSION_KEY);
            if (cached instanceof Principal p)
            {
                byCertificate = p;
            }
            else
            {
                final String cn = peerCn(session);
                if (cn != null)
                {
                    byCertificate = config.byCertificateCn(cn);
                    if (byCertificate == null)
                    {
                        certificateDenial = new Denial(DenialReason.UNAUTHENTICATED, "client certificate CN=" + cn +
                            " is not a known principal");
                    }
                    else
                    {
                        cache(session, byCertificate);
                    }
                }
            }
        }
        Principal byToken = null;
        final String authorization = headers.get(AUTHORIZATION);
        if (authorization != null)
        {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7))
            {
                return new Denial(DenialReason.UNAUTHENTICATED, "the authorization header must be 'Bearer TOKEN'");
            }
            final byte[] digest = TokenHash.digest(authorization.substring(7).trim());
            final Principal p = config.byToken(digest);
            Principal.Token token = null;
            if (p != null)
            {
                for (final Principal.Token t : p.tokens())
                {
                    if (TokenHash.matches(t.digest(), digest))
                    {
                        token = t;
                    }
                }
            }
            if (token == null)
            {
                return new Denial(DenialReason.UNAUTHENTICATED, "unknown token (fingerprint " +
                    TokenHash.fingerprint(digest) + ")");
            }
            if (token.expired(clockMs.getAsLong()))
            {
                return new Denial(DenialReason.EXPIRED_CREDENTIALS, "the token of " + p.name() + " (fingerprint " +
                    TokenHash.fingerprint(digest) + ") expired at " + Instant.ofEpochMilli(token.expiresAtMs()));
            }
            byToken = p;
        }
        if (byCertificate != null && byToken != null && byCertificate != byToken)
        {
            return new Denial(DenialReason.CONFLICTING_CREDENTIALS, "the client certificate is " +
                byCertificate.name() + "'s, the token " + byToken.name() + "'s");
        }
        if (byCertificate != null)
        {
            return new Caller(byCertificate, "certificate", peer);
        }
        if (byToken != null)
        {
            return new Caller(byToken, "token", peer);
        }
        return certificateDenial != null ? certificateDenial : new Denial(DenialReason.UNAUTHENTICATED,
            "no credentials: present a client certificate or an 'authorization: Bearer TOKEN' header");
    }

    /** The subject CN of the verified client certificate, or null when the client sent none. */
    static String peerCn(final SSLSession session)
    {
        final Certificate[] chain;
        try
        {
            chain = session.getPeerCertificates();
        }
        catch (final SSLPeerUnverifiedException e)
        {
            return null;
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf))
        {
            return null;
        }
        try
        {
            for (final Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns())
            {
                if ("CN".equalsIgnoreCase(rdn.getType()))
                {
                    return String.valueOf(rdn.getValue());
                }
            }
        }
        catch (final InvalidNameException e)
        {
            return null;
        }
        return null;
    }

    private static void cache(final SSLSession session, final Principal p)
    {
        try
        {
            session.putValue(SESSION_KEY, p);
        }
        catch (final RuntimeException e)
        {
            // A session that cannot hold values costs a look-up per call; nothing else.
        }
    }
}
