package io.stockring.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The server's own figures for a window: its Prometheus endpoint scraped at the start and at the
 * end of the window, and the counters' differences put in words (writer busy share, ring batches,
 * fsyncs). The generator's latencies say what a client saw; these say where the server spent it.
 */
final class ServerFigures
{
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    ServerFigures(final String host, final int port)
    {
        this.uri = URI.create("http://" + host + ":" + port + "/metrics");
    }

    /** Every sample summed by metric name (labels dropped); empty if the endpoint does not answer. */
    Map<String, Double> scrape()
    {
        try
        {
            final HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parse(r.body()) : Map.of();
        }
        catch (final IOException e)
        {
            return Map.of();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** Prometheus text format: {@code name{labels} value}; comments skipped, same names summed. */
    static Map<String, Double> parse(final String text)
    {
        final Map<String, Double> out = new HashMap<>();
        for (final String line : text.split("\n"))
        {
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final int brace = line.indexOf('{');
            final int space = line.lastIndexOf(' ');
            if (space <= 0)
            {
                continue;
            }
            final String name = line.substring(0, brace > 0 && brace < space ? brace : line.indexOf(' '));
            try
            {
                out.merge(name, Double.parseDouble(line.substring(space + 1).trim()), Double::sum);
            }
            catch (final NumberFormatException e)
            {
                // not a sample line
            }
        }
        return out;
    }

    /** The window in words, or null when the endpoint gave nothing. */
    static String describe(final Map<String, Double> before, final Map<String, Double> after, final double windowS)
    {
        if (before.isEmpty() || after.isEmpty() || windowS <= 0)
        {
            return null;
        }
        final double busyS = delta(before, after, "stockring_writer_busy_seconds_total");
        final double batches = delta(before, after, "stockring_writer_batches_total");
        final double applied = delta(before, after, "stockring_writer_commands_applied_total");
        final double fsyncs = delta(before, after, "stockring_journal_fsync_seconds_count");
        final double fsyncS = delta(before, after, "stockring_journal_fsync_seconds_sum");
        return String.format(Locale.ROOT, "writer busy %.0f%% of the window, %s commands/s in %s batches/s " +
            "(mean %.1f), %s fsyncs/s (mean %.3f ms)", 100 * busyS / windowS, Units.count(applied / windowS),
            Units.count(batches / windowS), batches > 0 ? applied / batches : 0, Units.count(fsyncs / windowS),
            fsyncs > 0 ? 1000 * fsyncS / fsyncs : 0);
    }

    private static double delta(final Map<String, Double> before, final Map<String, Double> after, final String name)
    {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }
}
