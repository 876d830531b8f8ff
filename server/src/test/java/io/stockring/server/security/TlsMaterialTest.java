package io.stockring.server.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's certificate files are re-read when they change; broken files are refused at start. */
class TlsMaterialTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPickUpANewCertificateFromItsFiles() throws Exception
    {
        final Instant now = Instant.now();
        final DevCertificates.Issued ca = DevCertificates.ca("test CA", now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        final DevCertificates.Issued first = DevCertificates.issue(ca, "one", true, List.of("localhost"),
            now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        DevCertificates.write(first, dir.resolve("s.crt"), dir.resolve("s.key"));
        Files.writeString(dir.resolve("sec.properties"), "tls.cert=s.crt\ntls.key=s.key\ntls.reload.seconds=1\n" +
            "auth.enabled=false\n");
        try (TlsMaterial tls = new TlsMaterial(SecurityConfig.load(dir.resolve("sec.properties"))))
        {
            assertEquals(first.certificate().getSerialNumber(), current(tls).getSerialNumber());
            Thread.sleep(1_100);
            final DevCertificates.Issued second = DevCertificates.issue(ca, "two", true, List.of("localhost"),
                now.minusSeconds(60), now.plus(Duration.ofDays(1)));
            DevCertificates.write(second, dir.resolve("s.crt"), dir.resolve("s.key"));
            final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!current(tls).getSerialNumber().equals(second.certificate().getSerialNumber()) &&
                System.nanoTime() < until)
            {
                Thread.sleep(100);
            }
            assertEquals(second.certificate().getSerialNumber(), current(tls).getSerialNumber());
        }
    }

    private static X509Certificate current(final TlsMaterial tls)
    {
        final String alias = tls.keyManager().chooseEngineServerAlias("EC", null, null);
        return tls.keyManager().getCertificateChain(alias)[0];
    }

    @Test
    void shouldRefuseFilesThatDoNotLoad() throws Exception
    {
        Files.writeString(dir.resolve("s.crt"), "not a certificate");
        Files.writeString(dir.resolve("s.key"), "not a key");
        Files.writeString(dir.resolve("sec.properties"), "tls.cert=s.crt\ntls.key=s.key\nauth.enabled=false\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
            new TlsMaterial(SecurityConfig.load(dir.resolve("sec.properties"))));
        assertTrue(e.getMessage().contains("do not load"), e.getMessage());
    }
}
