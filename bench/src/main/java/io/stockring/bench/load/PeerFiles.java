package io.stockring.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of the peers (and of an in-process server), removed afterwards. */
final class PeerFiles
{
    private PeerFiles()
    {
    }

    static void deleteTree(final Path root)
    {
        if (root == null || !Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
        catch (final IOException e)
        {
            System.err.println("[cleanup] could not delete " + root + ": " + e.getMessage());
        }
    }
}
