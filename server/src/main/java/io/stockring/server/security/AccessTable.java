package io.stockring.server.security;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which roles may call which method. Entries are keyed by a full method name
 * ({@code stockring.v1.StockAdmin/SetPolicy}) or a service name ({@code stockring.v1.StockAdmin});
 * the method's entry wins over its service's, and a method whose service has no entry is refused
 * to everyone. The table does not check names against what is served, so an entry may precede
 * its service.
 *
 * <pre>
 *   value        who may call
 *   role,role    principals holding any of these roles
 *   *            any authenticated principal
 *   public       anyone, without credentials (health checks)
 *   none         nobody
 * </pre>
 */
public final class AccessTable
{
    /** Who may call one method. */
    public record Rule(boolean open, boolean anyAuthenticated, Set<Role> roles)
    {
        static final Rule NOBODY = new Rule(false, false, Set.of());

        public boolean allows(final Principal p)
        {
            if (open || anyAuthenticated)
            {
                return true;
            }
            for (final Role r : p.roles())
            {
                if (roles.contains(r))
                {
                    return true;
                }
            }
            return false;
        }

        static Rule parse(final String value)
        {
            final String v = value.trim().toLowerCase(Locale.ROOT);
            switch (v)
            {
                case "public":
                    return new Rule(true, true, Set.of());
                case "*":
                    return new Rule(false, true, Set.of());
                case "none":
                    return NOBODY;
                default:
                    final Set<Role> roles = Role.parse(v);
                    if (roles.isEmpty())
                    {
                        throw new IllegalArgumentException("an access entry needs roles, '*', 'public' or 'none'");
                    }
                    return new Rule(false, false, EnumSet.copyOf(roles));
            }
        }

        @Override
        public String toString()
        {
            return open ? "public" : anyAuthenticated ? "*" : roles.isEmpty() ? "none" : String.join(",",
                Role.names(roles));
        }
    }

    /** The built-in entries (docs/decisions/0008-channels-and-security.md explains each). */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
        Map.entry("grpc.health.v1.Health", "public"),
        Map.entry("grpc.reflection.v1.ServerReflection", "*"),
        Map.entry("grpc.reflection.v1alpha.ServerReflection", "*"),
        Map.entry("stockring.v1.Inventory", "channel"),
        Map.entry("stockring.v1.Inventory/GetStock", "channel,reader"),
        Map.entry("stockring.v1.Inventory/WatchStock", "channel,reader"),
        Map.entry("stockring.v1.StockAdmin", "operator"),
        Map.entry("stockring.v1.StockAdmin/SetPolicy", "planner,operator"),
        Map.entry("stockring.v1.Security", "operator"),
        Map.entry("stockring.v1.Security/WhoAmI", "*"),
        Map.entry("stockring.v1.Security/GetAllocation", "operator,planner,reader"),
        Map.entry("stockring.v1.Security/SetChannelPool", "planner,operator"),
        Map.entry("stockring.v1.Security/SetCentralReserve", "planner,operator"),
        Map.entry("stockring.v1.Security/SetHighValueSku", "planner,operator"),
        Map.entry("stockring.v1.Planning", "planner,operator"),
        Map.entry("stockring.v1.Planning/ListPurchaseSuggestions", "planner,operator,reader"),
        Map.entry("stockring.v1.Planning/ListTransferSuggestions", "planner,operator,reader"),
        Map.entry("stockring.v1.Planning/GetForecast", "planner,operator,reader"),
        Map.entry("stockring.v1.Planning/GetPolicy", "planner,operator,reader"),
        Map.entry("stockring.v1.Planning/GetKpis", "planner,operator,reader"),
        Map.entry("stockring.v1.Planning/SuggestAllocation", "planner,operator,reader"));

    private final Map<String, Rule> entries;
    private final ConcurrentHashMap<String, Rule> byMethod = new ConcurrentHashMap<>();

    /** The defaults with {@code overrides} (name -> value) laid over them. */
    AccessTable(final Map<String, String> overrides)
    {
        final Map<String, Rule> all = new HashMap<>();
        DEFAULTS.forEach((k, v) -> all.put(k, Rule.parse(v)));
        overrides.forEach((k, v) ->
        {
            if (k.isBlank() || k.startsWith("/") || k.endsWith("/") || k.chars().filter(c -> c == '/').count() > 1)
            {
                throw new IllegalArgumentException("access entry '" + k + "' must be a service name or " +
                    "service/method");
            }
            try
            {
                all.put(k, Rule.parse(v));
            }
            catch (final IllegalArgumentException e)
            {
                throw new IllegalArgumentException("access." + k + ": " + e.getMessage());
            }
        });
        this.entries = Map.copyOf(all);
    }

    /** The rule for a full method name (service/method); computed once per method. */
    public Rule rule(final String fullMethodName)
    {
        return byMethod.computeIfAbsent(fullMethodName, this::lookUp);
    }

    private Rule lookUp(final String fullMethodName)
    {
        final Rule exact = entries.get(fullMethodName);
        if (exact != null)
        {
            return exact;
        }
        final int slash = fullMethodName.indexOf('/');
        final Rule service = slash > 0 ? entries.get(fullMethodName.substring(0, slash)) : null;
        return service != null ? service : Rule.NOBODY;
    }

    /** Every entry, for documentation and tests. */
    public Map<String, Rule> entries()
    {
        return entries;
    }
}
