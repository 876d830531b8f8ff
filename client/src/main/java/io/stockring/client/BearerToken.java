package io.stockring.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Executor;

/**
 * Sends {@code authorization: Bearer TOKEN} with every call. Over a connection without TLS the
 * token goes only to a loopback address: anywhere else the call fails (UNAUTHENTICATED) before
 * anything is sent, so a misconfigured client cannot leak its token in clear text.
 */
public final class BearerToken extends CallCredentials
{
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
        Metadata.ASCII_STRING_MARSHALLER);

    private final String token;

    public BearerToken(final String token)
    {
        if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e))
        {
            throw new IllegalArgumentException("a token is printable ASCII without spaces");
        }
        this.token = token;
    }

    @Override
    public void applyRequestMetadata(final RequestInfo info, final Executor appExecutor,
        final MetadataApplier applier)
    {
        if (info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY && !isLoopback(info.getAuthority()))
        {
            applier.fail(Status.UNAUTHENTICATED.withDescription("refusing to send a bearer token without TLS to " +
                info.getAuthority() + " (use --ca / TLS, or a loopback address)"));
            return;
        }
        final Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
    }

    static boolean isLoopback(final String authority)
    {
        String host = authority;
        if (host.startsWith("["))
        {
            host = host.substring(1, Math.max(1, host.indexOf(']')));
        }
        else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0)
        {
            host = host.substring(0, host.indexOf(':'));
        }
        try
        {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final UnknownHostException e)
        {
            return false;
        }
    }

    @Override
    public String toString()
    {
        return "BearerToken[redacted]";
    }
}
