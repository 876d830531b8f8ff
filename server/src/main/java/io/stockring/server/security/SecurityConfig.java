package io.stockring.server.security;

import io.stockring.core.command.Limits;
import io.stockring.core.request.CommandRequests;
import io.stockring.proto.v1.Allocation;
import io.stockring.proto.v1.ChannelPool;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static io.stockring.server.Settings.booleanOf;
import static io.stockring.server.Settings.check;
import static io.stockring.server.Settings.longOf;

/**
 * The security file ({@code security.file} in the server's configuration): TLS, principals and
 * their credentials, channel limits, access overrides, and the allocation to start from. Read
 * and validated as a whole at start-up; an unknown key is an error. Paths are relative to the
 * file's directory.
 *
 * <pre>
 *   tls.cert=server.crt               tls.key=server.key         (PEM; PKCS#8 key)
 *   tls.client.ca=ca.crt              tls.client.auth=optional   (none | optional | require)
 *   tls.reload.seconds=60             (certificate files are re-read when they change; 0 = never)
 *   auth.enabled=true                 metrics.require.reader=true
 *
 *   principal.app.roles=channel,reader
 *   principal.app.channel=app                         (default: the principal's name)
 *   principal.app.tokens=sha256:HEX[@2027-01-01T00:00:00Z],sha256:HEX2   (digests only)
 *   principal.app.certificate.cn=app                  (a client certificate with this subject CN)
 *
 *   channel.app.rate.per.second=1000  channel.app.burst=2000   (0 = unlimited)
 *   channel.app.max.lines=8           channel.app.max.quantity.per.line=0  (0 = no limit)
 *   channel.app.pool=ONLINE           channel.app.fallback.to.parent=true  (the allocation's seed)
 *
 *   allocation.central.reserve=CW     allocation.high.value.skus=G0001,G0002
 *   allocation.high.value.max.per.line=1
 *
 *   access.stockring.v1.Planning=planner          (see AccessTable)
 * </pre>
 */
public final class SecurityConfig
{
    /** Requests per second a channel gets when its file says nothing. */
    public static final long DEFAULT_RATE_PER_SECOND = 1_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> GLOBAL_KEYS = Set.of("tls.cert", "tls.key", "tls.client.ca", "tls.client.auth",
        "tls.reload.seconds", "auth.enabled", "metrics.require.reader", "allocation.central.reserve",
        "allocation.high.value.skus", "allocation.high.value.max.per.line");
    private static final Set<String> PRINCIPAL_KEYS = Set.of("roles", "channel", "tokens", "certificate.cn");
    private static final Set<String> CHANNEL_KEYS = Set.of("rate.per.second", "burst", "max.lines",
        "max.quantity.per.line", "pool", "fallback.to.parent");

    /** Whether the server asks for, and checks, client certificates. */
    public enum ClientAuth
    {
        NONE, OPTIONAL, REQUIRE
    }

    private final Path file;
    private final boolean authEnabled;
    private final boolean metricsRequireReader;
    private final Path tlsCert;
    private final Path tlsKey;
    private final Path tlsClientCa;
    private final ClientAuth clientAuth;
    private final long tlsReloadSeconds;
    private final Map<String, Principal> principals;
    private final Map<ByteBuffer, Principal> byToken;
    private final Map<String, Principal> byCertificateCn;
    private final Map<String, ChannelLimits> channels;
    private final AccessTable access;
    private final Allocation allocationSeed;

    private SecurityConfig(final Path file, final Properties p)
    {
        this.file = file;
        final Path base = file.toAbsolutePath().getParent();
        final Map<String, Map<String, String>> principalKeys = new TreeMap<>();
        final Map<String, Map<String, String>> channelKeys = new TreeMap<>();
        final Map<String, String> accessKeys = new LinkedHashMap<>();
        for (final String key : new TreeSet<>(p.stringPropertyNames()))
        {
            final String value = p.getProperty(key).trim();
            if (GLOBAL_KEYS.contains(key))
            {
                continue;
            }
            if (key.startsWith("access."))
            {
                accessKeys.put(key.substring("access.".length()), value);
            }
            else if (key.startsWith("principal."))
            {
                split(key, "principal.", PRINCIPAL_KEYS, principalKeys).put(suffix(key, "principal.",
                    PRINCIPAL_KEYS), value);
            }
            else if (key.startsWith("channel."))
            {
                split(key, "channel.", CHANNEL_KEYS, channelKeys).put(suffix(key, "channel.", CHANNEL_KEYS), value);
            }
            else
            {
                throw new IllegalArgumentException(file + ": unknown setting '" + key + "' (known: " +
                    String.join(", ", new TreeSet<>(GLOBAL_KEYS)) + ", principal.NAME.{" +
                    String.join(",", new TreeSet<>(PRINCIPAL_KEYS)) + "}, channel.CODE.{" +
                    String.join(",", new TreeSet<>(CHANNEL_KEYS)) + "}, access.SERVICE[/METHOD])");
            }
        }
        authEnabled = booleanOf(p, "auth.enabled", true);
        metricsRequireReader = booleanOf(p, "metrics.require.reader", authEnabled);
        tlsCert = path(base, p.getProperty("tls.cert"));
        tlsKey = path(base, p.getProperty("tls.key"));
        tlsClientCa = path(base, p.getProperty("tls.client.ca"));
        check((tlsCert == null) == (tlsKey == null), "tls.cert and tls.key go together");
        final String auth = p.getProperty("tls.client.auth", tlsClientCa == null ? "none" : "optional").trim();
        try
        {
            clientAuth = ClientAuth.valueOf(auth.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("tls.client.auth must be none, optional or require, not '" + auth + "'");
        }
        check(clientAuth == ClientAuth.NONE || tlsClientCa != null, "tls.client.auth=" + auth.toLowerCase(Locale.ROOT)
            + " needs tls.client.ca (the CA that signs client certificates)");
        check(tlsClientCa == null || tlsCert != null, "tls.client.ca needs tls.cert and tls.key (client " +
            "certificates are asked for in the TLS handshake)");
        tlsReloadSeconds = longOf(p, "tls.reload.seconds", 60);
        check(tlsReloadSeconds >= 0 && tlsReloadSeconds <= 86_400, "tls.reload.seconds must be 0 to 86400");
        for (final Path f : new Path[] {tlsCert, tlsKey, tlsClientCa})
        {
            check(f == null || Files.isReadable(f), "cannot read " + f);
        }
        access = new AccessTable(accessKeys);

        // channels first: principals point at them
        final Map<String, ChannelLimits> limits = new HashMap<>();
        final Allocation.Builder seed = Allocation.newBuilder();
        for (final Map.Entry<String, Map<String, String>> e : channelKeys.entrySet())
        {
            final String code = e.getKey();
            checkChannelCode(code, "channel." + code);
            final Map<String, String> c = e.getValue();
            limits.put(code, limits(code, c));
            if (c.containsKey("pool"))
            {
                checkCode(c.get("pool"), "channel." + code + ".pool");
                seed.addPools(ChannelPool.newBuilder().setChannel(code).setLocation(c.get("pool"))
                    .setFallbackToParent(booleanOf(c.get("fallback.to.parent"), "channel." + code + ".fallback.to.parent",
                        false)));
            }
            else
            {
                check(!c.containsKey("fallback.to.parent"), "channel." + code + ".fallback.to.parent needs " +
                    "channel." + code + ".pool");
            }
        }
        final String central = p.getProperty("allocation.central.reserve", "").trim();
        if (!central.isEmpty())
        {
            checkCode(central, "allocation.central.reserve");
            seed.setCentralReserve(central);
        }
        for (final String sku : p.getProperty("allocation.high.value.skus", "").split(","))
        {
            if (!sku.isBlank())
            {
                checkCode(sku.trim(), "allocation.high.value.skus");
                seed.addHighValueSkus(sku.trim());
            }
        }
        seed.setHighValueMaxPerLine(longOf(p, "allocation.high.value.max.per.line", 0));
        check(seed.getHighValueMaxPerLine() >= 0, "allocation.high.value.max.per.line must be >= 0");
        allocationSeed = seed.build();

        final Map<String, Principal> all = new LinkedHashMap<>();
        final Map<ByteBuffer, Principal> tokens = new HashMap<>();
        final Map<String, Principal> cns = new HashMap<>();
        for (final Map.Entry<String, Map<String, String>> e : principalKeys.entrySet())
        {
            final String name = e.getKey();
            final Map<String, String> c = e.getValue();
            final String where = "principal." + name;
            check(NAME.matcher(name).matches(), where + ": a principal's name is 1-64 of A-Z a-z 0-9 . _ -");
            final Set<Role> roles = Role.parse(c.getOrDefault("roles", ""));
            check(!roles.isEmpty(), where + ".roles is required (channel, operator, planner, reader)");
            String channel = c.get("channel");
            if (roles.contains(Role.CHANNEL))
            {
                channel = channel == null ? name : channel;
                checkChannelCode(channel, where + ".channel");
                limits.computeIfAbsent(channel, code -> limits(code, Map.of()));
            }
            else
            {
                check(channel == null, where + ".channel is only for principals with the channel role");
            }
            final List<Principal.Token> own = new ArrayList<>();
            for (final String t : c.getOrDefault("tokens", "").split(","))
            {
                if (!t.isBlank())
                {
                    own.add(token(t.trim(), where + ".tokens"));
                }
            }
            final String cn = c.get("certificate.cn");
            check(!own.isEmpty() || cn != null, where + " needs tokens or certificate.cn (or both): a principal " +
                "nobody can authenticate as is a typo");
            final Principal principal = new Principal(name, roles, channel, cn, channel == null ? null :
                limits.get(channel), own);
            for (final Principal.Token t : own)
            {
                check(tokens.put(TokenHash.key(t.digest()), principal) == null, where + ": a token digest is " +
                    "used by two principals");
            }
            if (cn != null)
            {
                check(!cn.isBlank(), where + ".certificate.cn must not be blank");
                check(cns.put(cn, principal) == null, where + ": certificate CN '" + cn + "' is used by two " +
                    "principals");
            }
            all.put(name, principal);
        }
        check(!authEnabled || !all.isEmpty(), file + ": auth.enabled=true needs at least one principal");
        for (final ChannelPool pool : allocationSeed.getPoolsList())
        {
            check(all.values().stream().anyMatch(pr -> pool.getChannel().equals(pr.channel())), "channel." +
                pool.getChannel() + ".pool: no principal has channel " + pool.getChannel());
        }
        for (final String code : channelKeys.keySet())
        {
            check(all.values().stream().anyMatch(pr -> code.equals(pr.channel())), "channel." + code +
                ": no principal has the channel role with channel " + code);
        }
        principals = Collections.unmodifiableMap(all);
        byToken = Map.copyOf(tokens);
        byCertificateCn = Map.copyOf(cns);
        channels = Map.copyOf(limits);
    }

    /** Reads and validates a security file. */
    public static SecurityConfig load(final Path file) throws IOException
    {
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            p.load(r);
        }
        try
        {
            return new SecurityConfig(file, p);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> split(final String key, final String prefix, final Set<String> known,
        final Map<String, Map<String, String>> into)
    {
        final String rest = key.substring(prefix.length());
        final String k = suffix(key, prefix, known);
        if (k == null || rest.length() <= k.length() + 1)
        {
            throw new IllegalArgumentException("unknown setting '" + key + "' (" + prefix + "NAME." +
                String.join("|", new TreeSet<>(known)) + ")");
        }
        return into.computeIfAbsent(rest.substring(0, rest.length() - k.length() - 1), n -> new LinkedHashMap<>());
    }

    private static String suffix(final String key, final String prefix, final Set<String> known)
    {
        String best = null;
        for (final String k : known)
        {
            if (key.endsWith("." + k) && (best == null || k.length() > best.length()))
            {
                best = k;
            }
        }
        return best;
    }

    private static ChannelLimits limits(final String code, final Map<String, String> c)
    {
        final String where = "channel." + code;
        final long rate = longOf(c.get("rate.per.second"), where + ".rate.per.second", DEFAULT_RATE_PER_SECOND);
        final long burst = longOf(c.get("burst"), where + ".burst", Math.max(1, 2 * rate));
        final long maxLines = longOf(c.get("max.lines"), where + ".max.lines", Limits.MAX_LINES);
        final long maxQty = longOf(c.get("max.quantity.per.line"), where + ".max.quantity.per.line", 0);
        check(rate >= 0 && rate <= 100_000_000, where + ".rate.per.second must be 0 (unlimited) to 100000000");
        check(burst >= 1 && burst <= 1_000_000_000, where + ".burst must be 1 to 1000000000");
        check(maxLines >= 1 && maxLines <= Limits.MAX_LINES, where + ".max.lines must be 1 to " +
            Limits.MAX_LINES);
        check(maxQty >= 0, where + ".max.quantity.per.line must be >= 0 (0 = no limit)");
        return new ChannelLimits(code, rate, burst, (int)maxLines, maxQty);
    }

    private static Principal.Token token(final String spec, final String where)
    {
        String s = spec;
        long expires = 0;
        final int at = s.indexOf('@');
        if (at >= 0)
        {
            try
            {
                expires = Instant.parse(s.substring(at + 1)).toEpochMilli();
            }
            catch (final DateTimeParseException e)
            {
                throw new IllegalArgumentException(where + ": expiry '" + s.substring(at + 1) + "' is not an " +
                    "ISO-8601 instant such as 2027-01-01T00:00:00Z");
            }
            s = s.substring(0, at);
        }
        if (s.startsWith("sha256:"))
        {
            s = s.substring("sha256:".length());
        }
        try
        {
            return new Principal.Token(TokenHash.parseHex(s), expires);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + " (store 'sha256:' + the token's " +
                "SHA-256 in hex, never the token)");
        }
    }

    private static void checkChannelCode(final String code, final String where)
    {
        check(CommandRequests.isAscii(code, 16), where + ": a channel code is 1-16 printable ASCII characters " +
            "without spaces");
    }

    private static void checkCode(final String code, final String where)
    {
        check(CommandRequests.isAscii(code, Limits.MAX_CODE_LENGTH), where + ": '" + code + "' is not a " +
            "valid code");
    }

    private static Path path(final Path base, final String value)
    {
        if (value == null || value.isBlank())
        {
            return null;
        }
        final Path p = Path.of(value.trim());
        return p.isAbsolute() || base == null ? p : base.resolve(p);
    }


    public Path file()
    {
        return file;
    }

    public boolean authEnabled()
    {
        return authEnabled;
    }

    public boolean metricsRequireReader()
    {
        return metricsRequireReader;
    }

    public boolean tlsEnabled()
    {
        return tlsCert != null;
    }

    public Path tlsCert()
    {
        return tlsCert;
    }

    public Path tlsKey()
    {
        return tlsKey;
    }

    public Path tlsClientCa()
    {
        return tlsClientCa;
    }

    public ClientAuth clientAuth()
    {
        return clientAuth;
    }

    public long tlsReloadSeconds()
    {
        return tlsReloadSeconds;
    }

    /** By name, in the file's order. */
    public Map<String, Principal> principals()
    {
        return principals;
    }

    Principal byToken(final byte[] digest)
    {
        return byToken.get(TokenHash.key(digest));
    }

    Principal byCertificateCn(final String cn)
    {
        return byCertificateCn.get(cn);
    }

    public Map<String, ChannelLimits> channels()
    {
        return channels;
    }

    public AccessTable access()
    {
        return access;
    }

    public Allocation allocationSeed()
    {
        return allocationSeed;
    }
}
