package io.stockring.server.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a principal may do, by role. Which methods each role may call is the {@link AccessTable}'s
 * business; the names here are the ones written in the security file and on the wire.
 *
 * <pre>
 *   channel   Inventory (its own channel: its pools, its reservations)
 *   operator  StockAdmin, principals and roles, the audit trail
 *   planner   SetPolicy, the channel allocation, the Planning service
 *   reader    GetStock, WatchStock, the allocation, /metrics
 * </pre>
 */
public enum Role
{
    CHANNEL, OPERATOR, PLANNER, READER;

    /** The name as written in configuration and on the wire ({@code channel}, ...). */
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(final String name)
    {
        try
        {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("unknown role '" + name + "' (known: channel, operator, planner, " +
                "reader)");
        }
    }

    /** Roles from a comma-separated list; empty entries are skipped. */
    public static Set<Role> parse(final String list)
    {
        final EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (final String part : list.split(","))
        {
            if (!part.isBlank())
            {
                roles.add(of(part));
            }
        }
        return roles;
    }

    public static Set<Role> of(final Iterable<String> names)
    {
        final EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (final String n : names)
        {
            roles.add(of(n));
        }
        return roles;
    }

    /** Wire names, sorted. */
    public static java.util.List<String> names(final Set<Role> roles)
    {
        final TreeSet<String> out = new TreeSet<>();
        roles.forEach(r -> out.add(r.wireName()));
        return java.util.List.copyOf(out);
    }
}
