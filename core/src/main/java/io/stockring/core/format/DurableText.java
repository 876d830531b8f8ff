package io.stockring.core.format;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;

/**
 * The small key=value files of a data directory (node.meta, the ledger's FORMAT, a snapshot's
 * marker): written whole and atomically, keys in a fixed order so the same content is the same
 * bytes (their golden tests compare bytes).
 */
public final class DurableText
{
    private DurableText()
    {
    }

    /** {@code # comment}, then one {@code key=value} line per entry in the map's order. */
    public static String render(final String comment, final Map<String, String> entries)
    {
        final StringBuilder sb = new StringBuilder("# ").append(comment).append('\n');
        entries.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** Writes {@code text} to {@code file} atomically: a temp file, fsync, rename, fsync of the directory. */
    public static void write(final Path file, final String text) throws IOException
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        force(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        force(file.toAbsolutePath().getParent());
    }

    public static Properties read(final Path file) throws IOException
    {
        final Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return p;
    }

    /** fsync of a file or a directory. */
    public static void force(final Path path) throws IOException
    {
        try (FileChannel ch = FileChannel.open(path, Files.isDirectory(path) ? StandardOpenOption.READ : StandardOpenOption.WRITE))
        {
            ch.force(true);
        }
    }
}
