package io.stockring.server.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security file: what it accepts, what it refuses and says why, and the access table. */
class SecurityConfigTest
{
    private static final String DIGEST = TokenHash.hex("a-token");

    @TempDir
    Path dir;

    private SecurityConfig load(final String... lines) throws Exception
    {
        final Path f = dir.resolve("s.properties");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return SecurityConfig.load(f);
    }

    private String refused(final String... lines)
    {
        return assertThrows(IllegalArgumentException.class, () -> load(lines)).getMessage();
    }

    @Test
    void shouldReadPrincipalsChannelsAndTheSeed() throws Exception
    {
        final SecurityConfig c = load("principal.st.hz01.roles=channel,reader",
            "principal.st.hz01.tokens=sha256:" + DIGEST + "@2030-01-01T00:00:00Z",
            "principal.st.hz01.channel=st-hz01", "principal.st.hz01.certificate.cn=store-hz01",
            "channel.st-hz01.pool=ST-HZ01", "channel.st-hz01.fallback.to.parent=true",
            "channel.st-hz01.rate.per.second=50", "channel.st-hz01.max.lines=2",
            "principal.ops.roles=operator", "principal.ops.certificate.cn=ops",
            "allocation.central.reserve=CW", "allocation.high.value.skus=G1, G2",
            "access.stockring.v1.Planning/RunNow=planner");
        final Principal store = c.principals().get("st.hz01");
        assertEquals("st-hz01", store.channel());
        assertTrue(store.has(Role.CHANNEL) && store.has(Role.READER) && !store.has(Role.OPERATOR));
        assertSame(store, c.byToken(TokenHash.digest("a-token")));
        assertSame(store, c.byCertificateCn("store-hz01"));
        assertNull(c.byToken(TokenHash.digest("another")));
        assertEquals(50, store.limits().ratePerSecond());
        assertEquals(100, store.limits().burst(), "burst defaults to two seconds' worth");
        assertEquals(2, store.limits().maxLines());
        assertEquals("ST-HZ01", c.allocationSeed().getPools(0).getLocation());
        assertTrue(c.allocationSeed().getPools(0).getFallbackToParent());
        assertEquals("CW", c.allocationSeed().getCentralReserve());
        assertEquals(java.util.List.of("G1", "G2"), c.allocationSeed().getHighValueSkusList());
        assertTrue(c.authEnabled());
        assertFalse(c.tlsEnabled());
        assertFalse(c.access().rule("stockring.v1.Planning/RunNow").allows(c.principals().get("ops")),
            "the configured method entry wins over the service's");
        assertTrue(c.access().rule("stockring.v1.Planning/ImportCsv").allows(c.principals().get("ops")),
            "the service's entry (planner, operator) for the other Planning methods");
    }

    @Test
    void shouldRefuseWhatIsWrongAndSayWhat()
    {
        assertTrue(refused("principal.a.roles=operator", "principal.a.tokens=" + DIGEST, "tls.certificate=x")
            .contains("unknown setting 'tls.certificate'"));
        assertTrue(refused("principal.a.roles=operator", "principal.a.tokens=secret-token")
            .contains("never the token"));
        assertTrue(refused("principal.a.roles=admin", "principal.a.tokens=" + DIGEST).contains("unknown role 'admin'"));
        assertTrue(refused("principal.a.roles=operator").contains("needs tokens or certificate.cn"));
        assertTrue(refused("principal.a.roles=operator", "principal.a.tokens=" + DIGEST, "principal.b.roles=reader",
            "principal.b.tokens=" + DIGEST).contains("used by two principals"));
        assertTrue(refused("principal.a.roles=operator", "principal.a.tokens=" + DIGEST, "channel.zz.pool=X")
            .contains("no principal has channel zz"));
        assertTrue(refused("principal.a.roles=operator", "principal.a.tokens=" + DIGEST, "principal.a.channel=x")
            .contains("only for principals with the channel role"));
        assertTrue(refused("principal.a.roles=operator", "principal.a.tokens=" + DIGEST + "@tomorrow")
            .contains("ISO-8601"));
        assertTrue(refused("principal.a.roles=operator", "principal.a.tokens=" + DIGEST, "tls.cert=missing.crt",
            "tls.key=missing.key").contains("cannot read"));
        assertTrue(refused("principal.a.roles=operator", "principal.a.tokens=" + DIGEST, "tls.client.auth=require")
            .contains("needs tls.client.ca"));
        assertTrue(refused("auth.enabled=true").contains("at least one principal"));
        assertTrue(refused("principal.a.roles=operator", "principal.a.tokens=" + DIGEST,
            "access.stockring.v1.StockAdmin/=operator").contains("service name or service/method"));
    }

    @Test
    void defaultAccessGivesEachRoleItsServices() throws Exception
    {
        final SecurityConfig c = load("principal.ch.roles=channel", "principal.ch.tokens=" + DIGEST);
        final AccessTable a = c.access();
        final Principal ch = c.principals().get("ch");
        assertTrue(a.rule("stockring.v1.Inventory/Reserve").allows(ch));
        assertFalse(a.rule("stockring.v1.StockAdmin/Receive").allows(ch));
        assertFalse(a.rule("stockring.v1.Planning/Anything").allows(ch));
        assertFalse(a.rule("some.unknown.Service/Call").allows(ch), "unknown services are nobody's");
        assertTrue(a.rule("grpc.health.v1.Health/Check").open());
        assertEquals("planner,operator", a.rule("stockring.v1.StockAdmin/SetPolicy").toString().replace("operator," +
            "planner", "planner,operator"));
    }
}
