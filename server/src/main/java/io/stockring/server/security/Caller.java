package io.stockring.server.security;

import io.grpc.Context;

/**
 * Who is calling, for the length of one call: the principal, how it proved it, from where. The
 * {@link SecurityInterceptor} puts it into the call's gRPC {@link Context}.
 */
public record Caller(Principal principal, String authenticatedBy, String peer)
{
    static final Context.Key<Caller> KEY = Context.key("stockring.caller");

    /** The caller of the current call, or null outside one (or when the interceptor is not installed). */
    public static Caller current()
    {
        return KEY.get();
    }
}
