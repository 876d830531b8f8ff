package io.stockring.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics settings of the properties file. */
class ServerConfigMetricsTest
{
    @TempDir
    Path dir;

    @Test
    void metricsAreOnByDefaultOn9464AndCanBeSwitchedOff() throws Exception
    {
        final ServerConfig defaults = new ServerConfig();
        assertTrue(defaults.metricsEnabled);
        assertEquals(9464, defaults.metricsPort);

        final Path file = Files.writeString(dir.resolve("s.properties"), "metrics.enabled=false\nmetrics.port=0\n");
        final ServerConfig loaded = new ServerConfig().load(file).validate();
        assertFalse(loaded.metricsEnabled);
        assertEquals(0, loaded.metricsPort);
    }

    @Test
    void aMetricsSwitchThatIsNotABooleanIsRefused() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("s.properties"), "metrics.enabled=maybe\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ServerConfig().load(file));
        assertTrue(e.getMessage().contains("metrics.enabled"), e.getMessage());
    }
}
