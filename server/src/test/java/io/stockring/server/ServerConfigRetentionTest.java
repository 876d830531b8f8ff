package io.stockring.server;

import io.stockring.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retention settings of the properties file, and what they give the engine. */
class ServerConfigRetentionTest
{
    @TempDir
    Path dir;

    @Test
    void retentionDefaultsToADayForRequestsAndAWeekForReservations() throws Exception
    {
        final EngineConfig defaults = new ServerConfig().validate().engineConfig();
        assertEquals(24 * 3_600_000L, defaults.requestRetentionMs());
        assertEquals(7 * 86_400_000L, defaults.reservationRetentionMs());

        final Path file = Files.writeString(dir.resolve("s.properties"),
            "request.retention.hours=48\nreservation.retention.days=2\n");
        final EngineConfig set = new ServerConfig().load(file).validate().engineConfig();
        assertEquals(48 * 3_600_000L, set.requestRetentionMs());
        assertEquals(2 * 86_400_000L, set.reservationRetentionMs());
    }

    @Test
    void aRequestRetentionShorterThanTheReservationTtlIsRefused() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("s.properties"),
            "reservation.default.ttl.seconds=7200\nrequest.retention.hours=1\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ServerConfig().load(file).validate());
        assertTrue(e.getMessage().contains("request.retention.hours"), e.getMessage());
    }

    @Test
    void outOfRangeRetentionsAreRefused() throws Exception
    {
        for (final String setting : new String[] {"request.retention.hours=0", "reservation.retention.days=0",
            "reservation.retention.days=4000"})
        {
            final Path file = Files.writeString(dir.resolve("s.properties"), setting + "\n");
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerConfig().load(file).validate(), setting);
            assertTrue(e.getMessage().contains(setting.substring(0, setting.indexOf('='))), e.getMessage());
        }
    }
}
