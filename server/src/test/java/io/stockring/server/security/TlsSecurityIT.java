package io.stockring.server.security;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.util.CertificateUtils;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.proto.v1.GetStockRequest;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.Item;
import io.stockring.proto.v1.Location;
import io.stockring.proto.v1.LocationKind;
import io.stockring.proto.v1.ReceiveRequest;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.ReserveRequest;
import io.stockring.proto.v1.SecurityGrpc;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.WhoAmIRequest;
import io.stockring.server.ServerConfig;
import io.stockring.server.StockringServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server over real TLS, with the certificates {@code stockring certs} generates: TLS with a
 * token, mutual TLS with a client certificate, every way a handshake can fail, garbage and
 * truncated handshakes, an oversized message, the metrics endpoint over HTTPS, and a server
 * certificate replaced on disk while the server runs.
 */
class TlsSecurityIT
{
    @TempDir
    Path dir;

    private Path certs;
    private StockringServer server;
    private final List<ManagedChannel> channels = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception
    {
        certs = dir.resolve("certs");
        DevCertificates.generate(certs, List.of(), 30, false);
        Files.writeString(certs.resolve("security.properties"), Files.readString(certs.resolve("security.properties")) +
            "tls.reload.seconds=1\n");
        final ServerConfig config = new ServerConfig();
        config.grpcPort = 0;
        config.metricsPort = 0;
        config.dataDir = dir.resolve("data");
        config.durability = Durability.ASYNC;
        config.capacity = LedgerCapacity.small();
        config.checkpointIntervalSeconds = 0;
        config.maxMessageBytes = 64 * 1024;
        config.securityFile = certs.resolve("security.properties");
        server = StockringServer.start(config);
        final ManagedChannel ops = channel(null, "ops");
        final StockAdminGrpc.StockAdminBlockingStub admin = StockAdminGrpc.newBlockingStub(ops)
            .withDeadlineAfter(30, TimeUnit.SECONDS);
        admin.upsertLocation(Location.newBuilder().setRequestId("l1").setCode("CW")
            .setKind(LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE).build());
        admin.upsertLocation(Location.newBuilder().setRequestId("l2").setCode("ONLINE").setParent("CW")
            .setKind(LocationKind.LOCATION_KIND_ONLINE_POOL).build());
        admin.upsertItem(Item.newBuilder().setRequestId("i1").setSku("MUG").setName("Mug").build());
        admin.receive(ReceiveRequest.newBuilder().setRequestId("r1").setSku("MUG").setLocation("ONLINE")
            .setQuantity(100).build());
    }

    @AfterEach
    void stop() throws Exception
    {
        channels.forEach(ManagedChannel::shutdownNow);
        if (server != null)
        {
            server.close();
        }
    }

    private String token(final String name) throws Exception
    {
        return Files.readString(certs.resolve(name + ".token")).strip();
    }

    /** TLS trusting the dev CA; a client certificate of {@code certOf}, a token of {@code tokenOf} (each optional). */
    private ManagedChannel channel(final String certOf, final String tokenOf) throws Exception
    {
        final TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder()
            .trustManager(certs.resolve("ca.crt").toFile());
        if (certOf != null)
        {
            tls.keyManager(certs.resolve(certOf + ".crt").toFile(), certs.resolve(certOf + ".key").toFile());
        }
        return channelWith(tls.build(), tokenOf == null ? null : token(tokenOf));
    }

    private ManagedChannel channelWith(final io.grpc.ChannelCredentials credentials, final String token)
    {
        final NettyChannelBuilder b = NettyChannelBuilder.forAddress("127.0.0.1", server.port(), credentials);
        if (token != null)
        {
            final Metadata h = new Metadata();
            h.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            b.intercept(MetadataUtils.newAttachHeadersInterceptor(h));
        }
        final ManagedChannel c = b.build();
        channels.add(c);
        return c;
    }

    private static io.stockring.proto.v1.Principal whoAmI(final ManagedChannel c)
    {
        return SecurityGrpc.newBlockingStub(c).withDeadlineAfter(20, TimeUnit.SECONDS)
            .whoAmI(WhoAmIRequest.getDefaultInstance());
    }

    private static Status.Code failure(final ManagedChannel c)
    {
        return assertThrows(StatusRuntimeException.class, () -> whoAmI(c)).getStatus().getCode();
    }

    private long seq()
    {
        return ((io.stockring.engine.StockEngine)server.engine()).stateMachine().appliedSeq();
    }

    @Test
    void shouldAuthenticateByTokenOverTlsAndByClientCertificate() throws Exception
    {
        final io.stockring.proto.v1.Principal byToken = whoAmI(channel(null, "ops"));
        assertEquals("ops", byToken.getName());
        assertEquals("token", byToken.getAuthenticatedBy());
        final ManagedChannel app = channel("app", null);
        final io.stockring.proto.v1.Principal byCert = whoAmI(app);
        assertEquals("app", byCert.getName());
        assertEquals("certificate", byCert.getAuthenticatedBy());
        assertEquals("app", InventoryGrpc.newBlockingStub(app).reserve(ReserveRequest.newBuilder().setRequestId("o1")
            .setChannel("app").addLines(ReserveLine.newBuilder().setSku("MUG").setLocation("ONLINE").setQuantity(1))
            .build()).getChannel());
        // the same certificate with the token of another principal: refused
        assertEquals(Status.Code.UNAUTHENTICATED, failure(channel("app", "mini")));
        // a certificate and its own token agree
        assertEquals("app", whoAmI(channel("app", "app")).getName());
        // TLS without any credentials: the handshake works, the call is refused
        assertEquals(Status.Code.UNAUTHENTICATED, failure(channel(null, null)));
    }

    @Test
    void shouldRefuseEveryBrokenHandshakeAndKeepServingTheOthers() throws Exception
    {
        final long before = seq();
        final Instant now = Instant.now();
        // plaintext to the TLS port
        assertEquals(Status.Code.UNAVAILABLE, failure(channelWith(io.grpc.InsecureChannelCredentials.create(),
            token("ops"))));
        // a client that trusts another CA (it cannot verify the server)
        final DevCertificates.Issued otherCa = DevCertificates.ca("other CA", now.minusSeconds(60),
            now.plus(Duration.ofDays(1)));
        final Path otherCaFile = dir.resolve("other-ca.crt");
        Files.writeString(otherCaFile, DevCertificates.pem(otherCa.certificate()));
        assertEquals(Status.Code.UNAVAILABLE, failure(channelWith(TlsChannelCredentials.newBuilder()
            .trustManager(otherCaFile.toFile()).build(), token("ops"))));
        // a client certificate from another CA, and an expired one from the right CA
        final DevCertificates.Issued stranger = DevCertificates.issue(otherCa, "ops", false, List.of(),
            now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        DevCertificates.write(stranger, dir.resolve("stranger.crt"), dir.resolve("stranger.key"));
        final DevCertificates.Issued ca = new DevCertificates.Issued(loadCert(certs.resolve("ca.crt")),
            new KeyPair(loadCert(certs.resolve("ca.crt")).getPublicKey(), loadKey(certs.resolve("ca.key"))));
        final DevCertificates.Issued expired = DevCertificates.issue(ca, "ops", false, List.of(),
            now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        DevCertificates.write(expired, dir.resolve("expired.crt"), dir.resolve("expired.key"));
        for (final String name : new String[] {"stranger", "expired"})
        {
            final ManagedChannel c = channelWith(TlsChannelCredentials.newBuilder()
                .trustManager(certs.resolve("ca.crt").toFile())
                .keyManager(dir.resolve(name + ".crt").toFile(), dir.resolve(name + ".key").toFile()).build(), null);
            // The handshake fails (UNAVAILABLE), or the client keeps a certificate the server's CA list does
            // not name to itself and arrives with no credentials (UNAUTHENTICATED): never served.
            final Status.Code code = failure(c);
            assertTrue(code == Status.Code.UNAVAILABLE || code == Status.Code.UNAUTHENTICATED, name + ": " + code);
        }
        // garbage, a truncated ClientHello, a corrupted one, an idle connection
        final byte[] hello = clientHello();
        final Random random = new Random(7);
        rawSend("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 20; i++)
        {
            final byte[] junk = new byte[1 + random.nextInt(600)];
            random.nextBytes(junk);
            rawSend(junk);
            rawSend(java.util.Arrays.copyOf(hello, 1 + random.nextInt(hello.length - 1)));
            final byte[] corrupt = hello.clone();
            corrupt[5 + random.nextInt(corrupt.length - 5)] ^= (byte)(1 << random.nextInt(8));
            rawSend(corrupt);
        }
        rawSend(new byte[0]);
        // everyone else is still served, and nothing reached the ledger
        assertEquals("ops", whoAmI(channel(null, "ops")).getName());
        assertEquals("app", whoAmI(channel("app", null)).getName());
        assertEquals(before, seq());
    }

    @Test
    void shouldRefuseAnOversizedMessageAndKeepServing() throws Exception
    {
        final ManagedChannel app = channel("app", null);
        final long before = seq();
        final StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> InventoryGrpc
            .newBlockingStub(app).withDeadlineAfter(20, TimeUnit.SECONDS).reserve(ReserveRequest.newBuilder()
                .setRequestId("big").setChannel("app").setTtlSeconds(60).addLines(ReserveLine.newBuilder()
                    .setSku("X".repeat(100_000)).setLocation("ONLINE").setQuantity(1)).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(before, seq());
        assertEquals(100, InventoryGrpc.newBlockingStub(app).getStock(GetStockRequest.newBuilder().setSku("MUG")
            .setLocation("ONLINE").build()).getLevels(0).getAvailable());
    }

    @Test
    void shouldServeMetricsOverHttpsToReadersOnly() throws Exception
    {
        assertEquals(Status.Code.UNAUTHENTICATED, failure(channel(null, null)));
        final SSLContext trustCa = trusting(certs.resolve("ca.crt"));
        final String base = "https://127.0.0.1:" + server.metricsPort();
        assertEquals(200, get(trustCa, base + "/healthz", null).status);
        assertEquals(401, get(trustCa, base + "/metrics", null).status);
        assertEquals(401, get(trustCa, base + "/metrics", token("app") + "x").status);
        assertEquals(401, get(trustCa, base + "/metrics", token("ops").replace('a', 'b') + "-").status);
        final Response ok = get(trustCa, base + "/metrics", token("monitor"));
        assertEquals(200, ok.status);
        assertTrue(ok.body.contains("stockring_security_denials_total{"), "the denial above is counted");
        assertTrue(ok.body.contains("reason=\"unauthenticated\""));
    }

    @Test
    void shouldReloadTheServerCertificateWithoutARestart() throws Exception
    {
        final ManagedChannel before = channel(null, "ops");
        assertEquals("ops", whoAmI(before).getName());
        final BigInteger first = serverSerial();
        final X509Certificate caCert = loadCert(certs.resolve("ca.crt"));
        final DevCertificates.Issued ca = new DevCertificates.Issued(caCert, new KeyPair(caCert.getPublicKey(),
            loadKey(certs.resolve("ca.key"))));
        final Instant now = Instant.now();
        final DevCertificates.Issued next = DevCertificates.issue(ca, "stockring-server-2", true,
            List.of("localhost", "127.0.0.1"), now.minusSeconds(60), now.plus(Duration.ofDays(2)));
        Thread.sleep(1_100); // a modification time the reloader can tell apart
        DevCertificates.write(next, certs.resolve("server.crt"), certs.resolve("server.key"));
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        BigInteger now2 = first;
        while (now2.equals(first) && System.nanoTime() < until)
        {
            Thread.sleep(200);
            now2 = serverSerial();
        }
        assertEquals(next.certificate().getSerialNumber(), now2, "new connections get the new certificate");
        assertNotEquals(first, now2);
        // the connection made before still works, and so does a new one
        assertEquals("ops", whoAmI(before).getName());
        assertEquals("app", whoAmI(channel("app", null)).getName());
    }

    // ------------------------------------------------------------------ helpers

    private BigInteger serverSerial() throws Exception
    {
        final SSLContext ctx = trusting(certs.resolve("ca.crt"));
        try (SSLSocket s = (SSLSocket)ctx.getSocketFactory().createSocket("127.0.0.1", server.port()))
        {
            s.setSoTimeout(10_000);
            final javax.net.ssl.SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            s.setSSLParameters(p);
            s.startHandshake();
            return ((X509Certificate)s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static X509Certificate loadCert(final Path file) throws Exception
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return CertificateUtils.getX509Certificates(in)[0];
        }
    }

    private static PrivateKey loadKey(final Path file) throws Exception
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return CertificateUtils.getPrivateKey(in);
        }
    }

    private static SSLContext trusting(final Path caFile) throws Exception
    {
        final KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", loadCert(caFile));
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        final SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A real TLS ClientHello, as the first flight of a JDK client. */
    private byte[] clientHello() throws Exception
    {
        final SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {new X509TrustManager()
        {
            @Override
            public void checkClientTrusted(final X509Certificate[] chain, final String authType)
            {
            }

            @Override
            public void checkServerTrusted(final X509Certificate[] chain, final String authType)
            {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers()
            {
                return new X509Certificate[0];
            }
        }}, null);
        final SSLEngine engine = ctx.createSSLEngine("localhost", server.port());
        engine.setUseClientMode(true);
        final ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        final byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /** Connects, sends {@code bytes}, reads whatever comes back until the server closes (or 5 s), closes. */
    private void rawSend(final byte[] bytes) throws Exception
    {
        try (Socket s = new Socket())
        {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            s.shutdownOutput();
            final byte[] buf = new byte[4096];
            try
            {
                while (s.getInputStream().read(buf) >= 0)
                {
                    // drain until the server closes
                }
            }
            catch (final java.io.IOException e)
            {
                // reset or timeout: the server gave up on us, as it should
            }
        }
    }

    private record Response(int status, String body)
    {
    }

    private static Response get(final SSLContext ctx, final String url, final String token) throws Exception
    {
        final HttpsURLConnection c = (HttpsURLConnection)new URL(url).openConnection();
        c.setSSLSocketFactory(ctx.getSocketFactory());
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        if (token != null)
        {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        final int status = c.getResponseCode();
        final InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        final String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return new Response(status, body);
    }
}
