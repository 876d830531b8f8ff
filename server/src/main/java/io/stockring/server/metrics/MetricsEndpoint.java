package io.stockring.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * The HTTP side of metrics, on its own port and its own single thread (never a gRPC or engine
 * thread):
 *
 * <pre>
 *   GET /metrics   Prometheus text format (version 0.0.4)
 *   GET /healthz   200 while the process is up
 *   GET /readyz    200 once recovery finished and gRPC is serving; 503 while stopping or halted
 * </pre>
 *
 * With TLS configured it serves HTTPS with the gRPC port's certificate, and with authentication
 * {@code /metrics} wants a reader's bearer token (Prometheus: {@code authorization} in the scrape
 * config).
 */
public final class MetricsEndpoint implements AutoCloseable
{
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService executor;

    public MetricsEndpoint(final String bind, final int port, final PrometheusMeterRegistry registry,
        final Runnable beforeScrape, final BooleanSupplier ready) throws IOException
    {
        this(bind, port, registry, beforeScrape, ready, null, null);
    }

    /**
     * @param tls HTTPS with this context, or null for HTTP
     * @param authorizer tests a {@code /metrics} request's Authorization header (null: anyone may
     *     scrape); {@code /healthz} and {@code /readyz} stay open for probes
     */
    public MetricsEndpoint(final String bind, final int port, final PrometheusMeterRegistry registry,
        final Runnable beforeScrape, final BooleanSupplier ready, final SSLContext tls,
        final Predicate<String> authorizer) throws IOException
    {
        try
        {
            if (tls != null)
            {
                final HttpsServer https = HttpsServer.create(new InetSocketAddress(bind, port), 16);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                http = https;
            }
            else
            {
                http = HttpServer.create(new InetSocketAddress(bind, port), 16);
            }
        }
        catch (final BindException e)
        {
            throw new IllegalArgumentException("metrics port " + bind + ":" + port + " is in use: stop what holds " +
                "it, or choose another --metrics-port (0 = any free port, --no-metrics = none)", e);
        }
        executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "stockring-metrics-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/metrics", exchange ->
        {
            if (authorizer != null && !authorizer.test(exchange.getRequestHeaders().getFirst("Authorization")))
            {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"stockring\"");
                respond(exchange, 401, "text/plain", "a bearer token of a principal with the reader role is required\n");
                return;
            }
            beforeScrape.run();
            respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
        });
        http.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
        http.createContext("/readyz", exchange ->
        {
            final boolean ok = ready.getAsBoolean();
            respond(exchange, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready\n");
        });
        http.start();
    }

    /** The bound port (the configured one, or the one picked when 0 was asked for). */
    public int port()
    {
        return http.getAddress().getPort();
    }

    private static void respond(final HttpExchange exchange, final int status, final String contentType,
        final String body) throws IOException
    {
        try (exchange)
        {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod()))
            {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod()))
            {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close()
    {
        http.stop(0);
        executor.shutdownNow();
    }
}
