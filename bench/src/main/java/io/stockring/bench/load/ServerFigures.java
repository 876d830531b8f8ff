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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own figures for a window: its Prometheus endpoint scraped at the start and at the
 * end of the window, and the counters' differences put in words (writer busy share, ring batches,
 * fsyncs, the engine's sampled stage times). The generator's latencies say what a client saw;
 * these say where the server spent it.
 */
final class ServerFigures
{
    private static final String STAGE = "stockring_engine_stage_seconds";
    private static final String[] STAGES = {"queue", "journal", "apply", "reply"};
    private static final Pattern STAGE_LABEL = Pattern.compile("stage=\"([a-z]+)\"");
    private static final Pattern LE_LABEL = Pattern.compile("le=\"([^\"]+)\"");

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

    /**
     * Prometheus text format: {@code name{labels} value}; comments skipped, same names summed. The
     * engine's stage timer is also kept per stage (and bucket): {@code name|stage} and
     * {@code name|stage|le}.
     */
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
                final double value = Double.parseDouble(line.substring(space + 1).trim());
                out.merge(name, value, Double::sum);
                if (name.startsWith(STAGE))
                {
                    final Matcher stage = STAGE_LABEL.matcher(line);
                    final Matcher le = LE_LABEL.matcher(line);
                    if (stage.find())
                    {
                        out.put(name + "|" + stage.group(1) + (le.find() ? "|" + le.group(1) : ""), value);
                    }
                }
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
            fsyncs > 0 ? 1000 * fsyncS / fsyncs : 0) + stages(before, after);
    }

    /** {@code ; engine stages (sampled): journal mean 0.298 ms, 1.3 % over 1 ms; ...}, or nothing. */
    private static String stages(final Map<String, Double> before, final Map<String, Double> after)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String stage : STAGES)
        {
            final double count = delta(before, after, STAGE + "_count|" + stage);
            if (count <= 0)
            {
                continue;
            }
            final double sum = delta(before, after, STAGE + "_sum|" + stage);
            final double withinMs = delta(before, after, STAGE + "_bucket|" + stage + "|0.001");
            sb.append(sb.length() == 0 ? "; engine stages (sampled): " : "; ")
                .append(String.format(Locale.ROOT, "%s mean %.3f ms, %.1f %% over 1 ms", stage, 1000 * sum / count,
                    100 * (count - withinMs) / count));
        }
        return sb.toString();
    }

    private static double delta(final Map<String, Double> before, final Map<String, Double> after, final String name)
    {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }
}
