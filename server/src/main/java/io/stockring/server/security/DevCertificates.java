package io.stockring.server.security;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code stockring certs DIR}: a development CA, a server certificate for loopback (and any
 * {@code --host}), a client certificate and a bearer token per sample principal, and a
 * {@code security.properties} that uses them, so the README's quick start runs over TLS. EC
 * P-256 keys (PKCS#8 PEM), SHA-256 signatures, built with BouncyCastle's certificate builder and
 * the JDK's own crypto. Not for production: a real deployment takes its certificates from its own
 * CA, and its tokens from its secret store.
 *
 * <pre>
 *   DIR/ca.crt ca.key                 the CA (clients trust ca.crt; the server checks client certificates with it)
 *   DIR/server.crt server.key         CN=stockring-server, SAN localhost 127.0.0.1 ::1 (+ --host)
 *   DIR/NAME.crt NAME.key NAME.token  per principal: ops, planner, monitor, app, mini, st-hz01
 *   DIR/security.properties           tls.*, principal.*, channel.* (token digests only)
 * </pre>
 */
public final class DevCertificates
{
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys)
    {
    }

    /** A sample principal: roles, and for channels the pool it reserves from. */
    record Sample(String name, String roles, String pool)
    {
    }

    static final List<Sample> SAMPLES = List.of(new Sample("ops", "operator,reader", null),
        new Sample("planner", "planner,reader", null), new Sample("monitor", "reader", null),
        new Sample("app", "channel,reader", "ONLINE"), new Sample("mini", "channel,reader", "ONLINE"),
        new Sample("st-hz01", "channel,reader", "ST-HZ01"));

    private DevCertificates()
    {
    }

    public static KeyPair newKeyPair()
    {
        try
        {
            final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException("no EC P-256 in this JVM", e);
        }
    }

    /** A self-signed CA. */
    public static Issued ca(final String cn, final Instant notBefore, final Instant notAfter)
    {
        final KeyPair keys = newKeyPair();
        final X500Name name = name(cn);
        try
        {
            final X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                Date.from(notAfter), name, keys.getPublic());
            final JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(sign(b, keys.getPrivate()), keys);
        }
        catch (final CertIOException | GeneralSecurityException e)
        {
            throw new IllegalStateException("cannot build a CA certificate", e);
        }
    }

    /**
     * A leaf certificate signed by {@code ca}: for a server (serverAuth, with {@code hosts} as
     * subject alternative names) or a client (clientAuth).
     */
    public static Issued issue(final Issued ca, final String cn, final boolean server, final List<String> hosts,
        final Instant notBefore, final Instant notAfter)
    {
        final KeyPair keys = newKeyPair();
        try
        {
            final X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(notBefore), Date.from(notAfter), name(cn), keys.getPublic());
            final JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth :
                KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            if (!hosts.isEmpty())
            {
                final List<GeneralName> names = new ArrayList<>();
                for (final String h : hosts)
                {
                    names.add(isIpAddress(h) ? new GeneralName(GeneralName.iPAddress, h) :
                        new GeneralName(GeneralName.dNSName, h));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(
                    new GeneralName[0])));
            }
            return new Issued(sign(b, ca.keys().getPrivate()), keys);
        }
        catch (final CertIOException | GeneralSecurityException e)
        {
            throw new IllegalStateException("cannot build a certificate for " + cn, e);
        }
    }

    private static X509Certificate sign(final X509v3CertificateBuilder b, final PrivateKey key)
        throws GeneralSecurityException
    {
        try
        {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(
                "SHA256withECDSA").build(key)));
        }
        catch (final OperatorCreationException e)
        {
            throw new GeneralSecurityException(e);
        }
    }

    private static X500Name name(final String cn)
    {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    private static BigInteger serial()
    {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    private static boolean isIpAddress(final String h)
    {
        return h.matches("[0-9.]+") || h.contains(":");
    }

    /** PEM of one or more certificates. */
    public static String pem(final X509Certificate... certificates)
    {
        final StringBuilder sb = new StringBuilder();
        for (final X509Certificate c : certificates)
        {
            try
            {
                sb.append(pem("CERTIFICATE", c.getEncoded()));
            }
            catch (final GeneralSecurityException e)
            {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }

    /** PKCS#8 PEM ("BEGIN PRIVATE KEY") of a private key. */
    public static String pem(final PrivateKey key)
    {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) +
            "\n-----END " + type + "-----\n";
    }

    /** Writes a certificate and its key (the key readable by its owner only). */
    public static void write(final Issued issued, final Path certFile, final Path keyFile) throws IOException
    {
        writePublic(certFile, pem(issued.certificate()));
        writeSecret(keyFile, pem(issued.keys().getPrivate()));
    }

    static void writePublic(final Path file, final String text) throws IOException
    {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static void writeSecret(final Path file, final String text) throws IOException
    {
        Files.deleteIfExists(file);
        try
        {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (final UnsupportedOperationException e)
        {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** A new bearer token: 256 random bits, base64url. */
    public static String newToken()
    {
        final byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Writes the whole development set into {@code dir} (created if needed); refuses to overwrite
     * unless {@code force}. Returns the files written.
     */
    public static List<Path> generate(final Path dir, final List<String> extraHosts, final int days,
        final boolean force) throws IOException
    {
        Files.createDirectories(dir);
        final Path props = dir.resolve("security.properties");
        if (!force && (Files.exists(props) || Files.exists(dir.resolve("ca.key"))))
        {
            throw new IllegalArgumentException(dir + " already holds certificates (use --force to replace them)");
        }
        final Instant from = Instant.now().minus(Duration.ofHours(1));
        final Instant to = from.plus(Duration.ofDays(days));
        final List<Path> written = new ArrayList<>();
        final Issued ca = ca("stockring development CA", from, to.plus(Duration.ofDays(1)));
        write(ca, dir.resolve("ca.crt"), dir.resolve("ca.key"));
        written.add(dir.resolve("ca.crt"));
        final List<String> hosts = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        try
        {
            hosts.add(InetAddress.getLocalHost().getHostName());
        }
        catch (final IOException e)
        {
            // loopback names are enough for the quick start
        }
        hosts.addAll(extraHosts);
        write(issue(ca, "stockring-server", true, List.copyOf(new java.util.LinkedHashSet<>(hosts)), from, to),
            dir.resolve("server.crt"), dir.resolve("server.key"));
        written.add(dir.resolve("server.crt"));
        final Map<String, String> tokens = new LinkedHashMap<>();
        for (final Sample s : SAMPLES)
        {
            write(issue(ca, s.name(), false, List.of(), from, to), dir.resolve(s.name() + ".crt"),
                dir.resolve(s.name() + ".key"));
            final String token = newToken();
            writeSecret(dir.resolve(s.name() + ".token"), token + "\n");
            tokens.put(s.name(), TokenHash.hex(token));
            written.add(dir.resolve(s.name() + ".crt"));
        }
        writePublic(props, properties(tokens));
        written.add(props);
        return written;
    }

    static String properties(final Map<String, String> tokenDigests)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# stockring security file (development set from 'stockring certs'). Paths are relative to this file.\n")
            .append("# Tokens are stored as SHA-256 digests only; the tokens themselves are in NAME.token.\n")
            .append("tls.cert=server.crt\ntls.key=server.key\n")
            .append("# Client certificates signed by this CA identify principals by their CN (optional: tokens work too).\n")
            .append("tls.client.ca=ca.crt\ntls.client.auth=optional\ntls.reload.seconds=60\n\n")
            .append("# The allocation's seed (after the first change over gRPC, DATA_DIR/security/state.json holds it).\n")
            .append("allocation.central.reserve=CW\n\n");
        for (final Sample s : SAMPLES)
        {
            final String n = s.name();
            sb.append("principal.").append(n).append(".roles=").append(s.roles()).append('\n')
                .append("principal.").append(n).append(".tokens=sha256:").append(tokenDigests.get(n)).append('\n')
                .append("principal.").append(n).append(".certificate.cn=").append(n).append('\n');
            if (s.pool() != null)
            {
                sb.append("channel.").append(n).append(".pool=").append(s.pool()).append('\n')
                    .append("channel.").append(n).append(".fallback.to.parent=true\n")
                    .append("channel.").append(n).append(".rate.per.second=1000\n")
                    .append("channel.").append(n).append(".max.lines=8\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
