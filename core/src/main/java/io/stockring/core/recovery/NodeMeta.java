package io.stockring.core.recovery;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * {@code node.meta}: whether the last run stopped cleanly, and the kernel boot id it ran under.
 * A RUNNING state at start-up means the last run died; the boot id tells a process death (same
 * boot: the page cache, hence the mapped ledger, survived) from a machine death (new boot).
 */
public record NodeMeta(State state, String bootId)
{
    public static final String FILE = "node.meta";

    /** How the last run ended, as far as the file knows. */
    public enum State
    {
        RUNNING,
        STOPPED
    }

    /** @return the meta of {@code dataDir}, or null for a data directory never used */
    public static NodeMeta read(final Path dataDir) throws IOException
    {
        final Path file = dataDir.resolve(FILE);
        if (!Files.exists(file))
        {
            return null;
        }
        final Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return new NodeMeta(State.valueOf(p.getProperty("state", "RUNNING")), p.getProperty("bootId", ""));
    }

    /** Writes the file atomically (temp file, fsync, rename, fsync directory). */
    public void write(final Path dataDir) throws IOException
    {
        final Path tmp = dataDir.resolve(FILE + ".tmp");
        final String text = "# stockring node state; written by the server, do not edit\nstate=" + state + "\nbootId=" +
            bootId + "\n";
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE))
        {
            ch.force(true);
        }
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dataDir, StandardOpenOption.READ))
        {
            d.force(true);
        }
    }

    /** The kernel's boot id, or "unknown" where the platform has none. */
    public static String currentBootId()
    {
        try
        {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException e)
        {
            return "unknown";
        }
    }
}
