package io.stockring.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Golden files of the durable formats, checked in under {@code src/test/resources/golden/}. A
 * test compares what this build writes with the file, byte for byte, so a layout change cannot
 * slip in unnoticed. After a deliberate change (with a version bump and a reader for the old
 * version, or a refusal of it), regenerate them with {@code -Dstockring.golden.update=true} and
 * commit the new files beside the old ones the readers still need.
 */
public final class Golden
{
    private static final Path SOURCE = Path.of("src", "test", "resources", "golden");

    private Golden()
    {
    }

    /** The checked-in bytes of {@code name}. */
    public static byte[] bytes(final String name) throws IOException
    {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name))
        {
            assertNotNull(in, "golden file " + name + " is missing: run with -Dstockring.golden.update=true");
            return in.readAllBytes();
        }
    }

    /** Copies the golden file {@code name} to {@code target}. */
    public static void copy(final String name, final Path target) throws IOException
    {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, bytes(name));
    }

    /** Asserts that {@code actual} is the golden file {@code name} (or rewrites it, when asked to). */
    public static void assertMatches(final String name, final byte[] actual) throws IOException
    {
        if (Boolean.getBoolean("stockring.golden.update"))
        {
            Files.createDirectories(SOURCE);
            Files.write(SOURCE.resolve(name), actual);
            return;
        }
        assertArrayEquals(bytes(name), actual, "golden file " + name + " differs from what this build writes: " +
            "a durable layout changed. Bump its version, keep reading (or clearly refuse) the old one, then " +
            "regenerate with -Dstockring.golden.update=true");
    }

    public static void assertMatches(final String name, final String actual) throws IOException
    {
        assertMatches(name, actual.getBytes(StandardCharsets.UTF_8));
    }
}
