package io.stockring.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Benchmark data lives in fresh temporary directories, never in the repository. */
final class TempDirs
{
    private TempDirs()
    {
    }

    static Path create(final String prefix) throws IOException
    {
        return Files.createTempDirectory(prefix);
    }

    static void delete(final Path root) throws IOException
    {
        if (root == null || !Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(p);
            }
        }
    }
}
