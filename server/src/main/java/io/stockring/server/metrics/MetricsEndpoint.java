package io.stockring.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The HTTP side of metrics, on its own port and its own single thread (never a gRPC or engine
 * thread):
 *
 * <pre>
 *   GET /metrics   Prometheus text format (version 0.0.4)
 *   GET /healthz   200 while the process is up
 *   GET /readyz    200 once recovery finished and gRPC is serving; 503 while stopping or halted
 * </pre>
 */
public final class MetricsEndpoint implements AutoCloseable
{
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService executor;

    public MetricsEndpoint(final String bind, final int port, final PrometheusMeterRegistry registry,
        final Runnable beforeScrape, final BooleanSupplier ready) throws IOException
    {
        try
        {
            http = HttpServer.create(new InetSocketAddress(bind, port), 16);
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
