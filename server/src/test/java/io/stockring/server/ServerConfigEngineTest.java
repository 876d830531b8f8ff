package io.stockring.server;

import io.stockring.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's settings of the properties file: wait strategy, journal segment size. */
class ServerConfigEngineTest
{
    @TempDir
    Path dir;

    @Test
    void theStagesParkByDefaultAndTheFileCanChooseAnotherStrategy() throws Exception
    {
        assertEquals(EngineConfig.WaitStrategyKind.PARKING, new ServerConfig().validate().engineConfig().waitStrategy());

        final Path file = Files.writeString(dir.resolve("s.properties"), "engine.wait.strategy= Sleeping \n");
        assertEquals(EngineConfig.WaitStrategyKind.SLEEPING,
            new ServerConfig().load(file).validate().engineConfig().waitStrategy());
    }

    @Test
    void anUnknownStrategyIsRefusedByName() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("s.properties"), "engine.wait.strategy=busy\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ServerConfig().load(file));
        assertTrue(e.getMessage().contains("engine.wait.strategy") && e.getMessage().contains("'busy'"),
            e.getMessage());
    }

    @Test
    void theJournalSegmentSizeIsSetInMegabytesWithinLimits() throws Exception
    {
        assertEquals(256L * 1024 * 1024, new ServerConfig().validate().engineConfig().journalSegmentBytes());
        final Path file = Files.writeString(dir.resolve("s.properties"), "journal.segment.mb=16\n");
        assertEquals(16L * 1024 * 1024, new ServerConfig().load(file).validate().engineConfig().journalSegmentBytes());
        for (final String bad : new String[] {"0", "2048"})
        {
            final Path f = Files.writeString(dir.resolve("b.properties"), "journal.segment.mb=" + bad + "\n");
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerConfig().load(f).validate());
            assertTrue(e.getMessage().contains("journal.segment.mb"), e.getMessage());
        }
    }
}
