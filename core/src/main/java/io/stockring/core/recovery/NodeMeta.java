package io.stockring.core.recovery;

import io.stockring.core.format.DurableText;
import io.stockring.core.format.FormatException;
import io.stockring.core.format.VersionedProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code node.meta}: whether the last run stopped cleanly, and the kernel boot id it ran under.
 * A RUNNING state at start-up means the last run died; the boot id tells a process death (same
 * boot: the page cache, hence the mapped ledger, survived) from a machine death (new boot).
 * A file without a {@code format} key was written before it existed and is format 1.
 */
public record NodeMeta(State state, String bootId)
{
    public static final String FILE = "node.meta";
    public static final int FORMAT = 1;

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
        final Properties p = DurableText.read(file);
        VersionedProperties.check(file, p, FORMAT);
        final String state = p.getProperty("state", "RUNNING");
        try
        {
            return new NodeMeta(State.valueOf(state), p.getProperty("bootId", ""));
        }
        catch (final IllegalArgumentException e)
        {
            throw FormatException.of(file, "state=" + state, "state RUNNING or STOPPED");
        }
    }

    /** Writes the file atomically (temp file, fsync, rename, fsync directory). */
    public void write(final Path dataDir) throws IOException
    {
        DurableText.write(dataDir.resolve(FILE), text());
    }

    /** The file's content. */
    public String text()
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        keys.put(VersionedProperties.KEY, Integer.toString(FORMAT));
        keys.put("state", state.name());
        keys.put("bootId", bootId);
        return DurableText.render("stockring node state; written by the server, do not edit", keys);
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
