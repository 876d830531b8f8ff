package io.stockring.server.security;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's certificate and the CA its clients' certificates must chain to, from PEM files,
 * re-read when their contents change (checked every {@code tls.reload.seconds} on the
 * {@code stockring-tls} thread). grpc-java's {@link AdvancedTlsX509KeyManager} and
 * {@link AdvancedTlsX509TrustManager} are asked at every handshake, so new connections get the
 * new certificate and connections already open keep theirs. A pair that does not load, or whose
 * key does not match its certificate (caught half-way through a copy), is logged and ignored:
 * the previous one stays in use and the check repeats. (grpc-java's own file reloader checks at
 * most once a minute and only modification times; this one compares contents.) The same key
 * manager serves the metrics endpoint's HTTPS.
 */
final class TlsMaterial implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);

    private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
    private final AdvancedTlsX509TrustManager trustManager;
    private final SecurityConfig.ClientAuth clientAuth;
    private final Path certFile;
    private final Path keyFile;
    private final Path caFile;
    private final ScheduledExecutorService reloader;
    private byte[] loadedIdentity;
    private byte[] loadedCa;

    TlsMaterial(final SecurityConfig config) throws IOException
    {
        clientAuth = config.clientAuth();
        certFile = config.tlsCert();
        keyFile = config.tlsKey();
        caFile = config.tlsClientCa();
        try
        {
            loadIdentity(true);
            if (caFile != null)
            {
                trustManager = AdvancedTlsX509TrustManager.newBuilder()
                    .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                    .build();
                loadCa(true);
            }
            else
            {
                trustManager = null;
            }
        }
        catch (final GeneralSecurityException | IOException | RuntimeException e)
        {
            throw new IllegalArgumentException("TLS files " + certFile + ", " + keyFile +
                (caFile == null ? "" : ", " + caFile) + " do not load: " + e.getMessage(), e);
        }
        final long period = config.tlsReloadSeconds();
        if (period > 0)
        {
            reloader = Executors.newSingleThreadScheduledExecutor(r ->
            {
                final Thread t = new Thread(r, "stockring-tls");
                t.setDaemon(true);
                return t;
            });
            reloader.scheduleWithFixedDelay(this::reload, period, period, TimeUnit.SECONDS);
        }
        else
        {
            reloader = null;
        }
        LOG.info("event=tls_loaded cert={} clientAuth={} reloadSeconds={}", certFile,
            clientAuth.name().toLowerCase(Locale.ROOT), period);
    }

    /** Loads the certificate and key if their contents changed; true when it did. */
    private boolean loadIdentity(final boolean first) throws IOException, GeneralSecurityException
    {
        final byte[] certBytes = Files.readAllBytes(certFile);
        final byte[] keyBytes = Files.readAllBytes(keyFile);
        final byte[] both = concat(certBytes, keyBytes);
        if (!first && Arrays.equals(both, loadedIdentity))
        {
            return false;
        }
        final X509Certificate[] chain = CertificateUtils.getX509Certificates(new ByteArrayInputStream(certBytes));
        final PrivateKey key = CertificateUtils.getPrivateKey(new ByteArrayInputStream(keyBytes));
        if (chain.length == 0)
        {
            throw new GeneralSecurityException(certFile + " holds no certificate");
        }
        checkPair(chain[0], key);
        keyManager.updateIdentityCredentials(chain, key);
        loadedIdentity = both;
        if (!first)
        {
            LOG.info("event=tls_certificate_reloaded cert={} subject=\"{}\" serial={} notAfter={}", certFile,
                chain[0].getSubjectX500Principal().getName(), chain[0].getSerialNumber().toString(16),
                chain[0].getNotAfter().toInstant());
        }
        return true;
    }

    private void loadCa(final boolean first) throws IOException, GeneralSecurityException
    {
        final byte[] bytes = Files.readAllBytes(caFile);
        if (!first && Arrays.equals(bytes, loadedCa))
        {
            return;
        }
        final X509Certificate[] cas = CertificateUtils.getX509Certificates(new ByteArrayInputStream(bytes));
        if (cas.length == 0)
        {
            throw new GeneralSecurityException(caFile + " holds no certificate");
        }
        trustManager.updateTrustCredentials(cas);
        loadedCa = bytes;
        if (!first)
        {
            LOG.info("event=tls_client_ca_reloaded file={} certificates={}", caFile, cas.length);
        }
    }

    /** A key that does not sign for the certificate's public key is a half-copied pair. */
    private static void checkPair(final X509Certificate cert, final PrivateKey key) throws GeneralSecurityException
    {
        final String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        final byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        final Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        final byte[] signature = signer.sign();
        final Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature))
        {
            throw new GeneralSecurityException("the key does not belong to the certificate");
        }
    }

    private void reload()
    {
        try
        {
            loadIdentity(false);
        }
        catch (final IOException | GeneralSecurityException | RuntimeException e)
        {
            LOG.warn("event=tls_reload_failed cert={} key={} error=\"{}\" (the previous certificate stays in use)",
                certFile, keyFile, e.getMessage());
        }
        if (caFile != null)
        {
            try
            {
                loadCa(false);
            }
            catch (final IOException | GeneralSecurityException | RuntimeException e)
            {
                LOG.warn("event=tls_reload_failed ca={} error=\"{}\" (the previous CA stays in use)", caFile,
                    e.getMessage());
            }
        }
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    AdvancedTlsX509KeyManager keyManager()
    {
        return keyManager;
    }

    ServerCredentials serverCredentials()
    {
        final TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder().keyManager(keyManager);
        if (trustManager != null)
        {
            b.trustManager(trustManager).clientAuth(clientAuth == SecurityConfig.ClientAuth.REQUIRE ?
                TlsServerCredentials.ClientAuth.REQUIRE : clientAuth == SecurityConfig.ClientAuth.OPTIONAL ?
                TlsServerCredentials.ClientAuth.OPTIONAL : TlsServerCredentials.ClientAuth.NONE);
        }
        return b.build();
    }

    /** For the metrics endpoint (HTTPS with the same, reloading, certificate). */
    SSLContext httpsContext()
    {
        try
        {
            final SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[] {keyManager}, null, null);
            return ctx;
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    @Override
    public void close()
    {
        if (reloader != null)
        {
            reloader.shutdownNow();
        }
    }
}
