package io.stockring.server.security;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.stockring.proto.v1.SecurityState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * What is managed over the Security service (the allocation, role changes), kept as one JSON
 * file, {@code security/state.json} in the data directory. Each change rewrites it whole: a
 * temporary file, fsync, an atomic rename, fsync of the directory; a crash leaves the old file or
 * the new one, never a mix. Changes are rare (operators and the planner), so this costs nothing.
 */
final class SecurityStore
{
    static final String FILE = "state.json";

    private final Path dir;
    private final Path file;

    SecurityStore(final Path dir)
    {
        this.dir = dir;
        this.file = dir.resolve(FILE);
    }

    /** The stored state, or null when there is none yet. */
    SecurityState load() throws IOException
    {
        if (!Files.exists(file))
        {
            return null;
        }
        final SecurityState.Builder b = SecurityState.newBuilder();
        try
        {
            JsonFormat.parser().merge(Files.readString(file, StandardCharsets.UTF_8), b);
        }
        catch (final InvalidProtocolBufferException e)
        {
            throw new IllegalStateException(file + " is not a valid security state (" + e.getMessage() + "); " +
                "restore it from a backup, or remove it to start again from the security file's seed", e);
        }
        return b.build();
    }

    void save(final SecurityState state) throws IOException
    {
        Files.createDirectories(dir);
        final Path tmp = dir.resolve(FILE + ".tmp");
        final byte[] bytes = (JsonFormat.printer().print(state) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining())
            {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    static void syncDirectory(final Path dir)
    {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ))
        {
            ch.force(true);
        }
        catch (final IOException e)
        {
            // Some file systems cannot fsync a directory; the rename is still atomic there.
        }
    }
}
