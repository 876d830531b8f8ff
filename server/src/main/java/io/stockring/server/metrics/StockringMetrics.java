package io.stockring.server.metrics;

import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stockring.cluster.ClusterEngine;
import io.stockring.engine.Engine;
import io.stockring.engine.StockEngine;
import io.stockring.server.StockEventHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * Everything metrics, in one place: the Prometheus registry, the gRPC interceptors, the engine
 * and stock meters, the stock scan on its own thread ({@code stockring-metrics}) and the HTTP
 * endpoint. Created before the gRPC server is built (its interceptors go into the server), the
 * endpoint opened once the server serves ({@link #serve}).
 *
 * <pre>
 *   gRPC threads ----- interceptors --------------------+
 *   writer thread ---- plain counters <- Gauge/FunctionCounter (read at scrape)
 *   events thread ---- alert levels --> StockMetrics    +--> PrometheusMeterRegistry --> GET /metrics
 *   stockring-metrics  stock scan (every 15 s) ---------+
 * </pre>
 */
public final class StockringMetrics implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StockringMetrics.class);
    static final long SCAN_INTERVAL_MS = 15_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GrpcServerMetrics grpc;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private EngineMetrics engineMetrics;
    private StockMetrics stockMetrics;
    private ScheduledExecutorService scanner;
    private MetricsEndpoint endpoint;

    public StockringMetrics()
    {
        // Prometheus conventions, so the scrape passes 'promtool check metrics': snake_case label
        // names (Micrometer's gRPC binder tags methodType/statusCode), no unit abbreviations, no
        // '_count' suffix outside histograms.
        registry.config()
            .commonTags("application", "stockring")
            .meterFilter(MeterFilter.renameTag("grpc.server", "methodType", "method_type"))
            .meterFilter(MeterFilter.renameTag("grpc.server", "statusCode", "status_code"))
            .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time") ||
                id.getName().equals("system.cpu.count")));
        grpc = new GrpcServerMetrics(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** The interceptors that instrument gRPC calls, for the server builder. */
    public List<ServerInterceptor> interceptors()
    {
        return grpc.interceptors();
    }

    /**
     * Binds the recovered engine's meters, starts the stock scan and opens the endpoint.
     *
     * @param ready what {@code /readyz} answers
     */
    public void serve(final String bind, final int port, final Engine engine, final StockEventHub events,
        final Path dataDir, final BooleanSupplier ready) throws IOException
    {
        serve(bind, port, engine, events, dataDir, ready, null, null);
    }

    /**
     * As {@link #serve(String, int, Engine, StockEventHub, Path, BooleanSupplier)}, over HTTPS
     * when {@code tls} is given, with {@code /metrics} only for requests whose Authorization header
     * {@code authorizer} accepts (null: anyone).
     */
    public void serve(final String bind, final int port, final Engine engine, final StockEventHub events,
        final Path dataDir, final BooleanSupplier ready, final SSLContext tls, final Predicate<String> authorizer)
        throws IOException
    {
        new DiskSpaceMetrics(dataDir.toAbsolutePath().toFile()).bindTo(registry);
        if (engine instanceof StockEngine single)
        {
            engineMetrics = new EngineMetrics(registry, single);
        }
        else if (engine instanceof ClusterEngine replicated)
        {
            ClusterMetrics.bind(registry, replicated);
        }
        stockMetrics = new StockMetrics(registry, engine);
        events.alertSink(stockMetrics::onAlertLevel);
        scanner = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "stockring-metrics");
            t.setDaemon(true);
            return t;
        });
        scanner.scheduleWithFixedDelay(this::scan, 0, SCAN_INTERVAL_MS, TimeUnit.MILLISECONDS);
        endpoint = new MetricsEndpoint(bind, port, registry, this::beforeScrape, ready, tls, authorizer);
        LOG.info("event=metrics_serving bind={} metricsPort={} https={} auth={}", bind, endpoint.port(), tls != null,
            authorizer != null);
    }

    private void scan()
    {
        try
        {
            stockMetrics.scan();
        }
        catch (final RuntimeException e)
        {
            LOG.warn("event=stock_scan_failed error=\"{}\"", e.toString(), e);
        }
    }

    private void beforeScrape()
    {
        if (engineMetrics != null)
        {
            engineMetrics.refresh();
        }
        stockMetrics.syncListed();
    }

    /** Runs a stock scan now and waits for it (tests; the scan otherwise runs every 15 s). */
    public void scanNow() throws Exception
    {
        scanner.submit(this::scan).get(30, TimeUnit.SECONDS);
    }

    /** The bound metrics port, 0 before {@link #serve}. */
    public int port()
    {
        return endpoint == null ? 0 : endpoint.port();
    }

    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    @Override
    public void close()
    {
        if (endpoint != null)
        {
            endpoint.close();
        }
        if (scanner != null)
        {
            scanner.shutdown();
            // A scan reads the ledger's mapped memory by address: it must end before the engine closes.
            try
            {
                if (!scanner.awaitTermination(30, TimeUnit.SECONDS))
                {
                    LOG.warn("event=stock_scan_still_running: the engine may close under it");
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
        gc.close();
        registry.close();
    }
}
