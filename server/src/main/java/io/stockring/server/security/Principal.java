package io.stockring.server.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A caller named in the security file: its roles (changed at run time only by
 * {@code Security.SetRoles}, hence volatile), the channel its reservations carry (for the
 * channel role), and that channel's limits, shared by every principal of the channel.
 */
public final class Principal
{
    /** The caller when the server runs without authentication: every role, no channel checks. */
    public static final Principal ANONYMOUS = new Principal("anonymous", EnumSet.allOf(Role.class), null, null,
        null, List.of());

    private final String name;
    private final String channel;
    private final String certificateCn;
    private final ChannelLimits limits;
    private final List<Token> tokens;
    private volatile Set<Role> roles;

    /** A stored token: its SHA-256 digest and, optionally, when it stops being accepted. */
    public record Token(byte[] digest, long expiresAtMs)
    {
        public boolean expired(final long nowMs)
        {
            return expiresAtMs > 0 && nowMs >= expiresAtMs;
        }
    }

    Principal(final String name, final Set<Role> roles, final String channel, final String certificateCn,
        final ChannelLimits limits, final List<Token> tokens)
    {
        this.name = name;
        this.roles = Set.copyOf(roles);
        this.channel = channel;
        this.certificateCn = certificateCn;
        this.limits = limits;
        this.tokens = List.copyOf(tokens);
    }

    public String name()
    {
        return name;
    }

    public Set<Role> roles()
    {
        return roles;
    }

    void roles(final Set<Role> roles)
    {
        this.roles = Set.copyOf(roles);
    }

    public boolean has(final Role role)
    {
        return roles.contains(role);
    }

    /** The channel code of its reservations, or null. */
    public String channel()
    {
        return channel;
    }

    /** The subject CN of its client certificate, or null when it has none. */
    public String certificateCn()
    {
        return certificateCn;
    }

    /** Its channel's limits, or null (no channel, or the server runs without authentication). */
    public ChannelLimits limits()
    {
        return limits;
    }

    List<Token> tokens()
    {
        return tokens;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
