package io.stockring.core.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Naming of journal segment files: the first sequence they hold, zero-padded, so names sort. */
public final class JournalSegments
{
    static final String SUFFIX = ".journal";

    private JournalSegments()
    {
    }

    static Path path(final Path dir, final long firstSeq)
    {
        return dir.resolve(String.format("%020d%s", firstSeq, SUFFIX));
    }

    static long firstSeqOf(final Path segment)
    {
        final String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    /**
     * Deletes whole segments that hold only records below {@code keepFromSeq}. Never the last
     * segment, so it is safe while the Journaler appends.
     */
    public static int deleteBefore(final Path dir, final long keepFromSeq) throws IOException
    {
        final List<Path> segments = list(dir);
        int deleted = 0;
        for (int i = 0; i + 1 < segments.size(); i++)
        {
            if (firstSeqOf(segments.get(i + 1)) <= keepFromSeq)
            {
                Files.deleteIfExists(segments.get(i));
                deleted++;
            }
        }
        return deleted;
    }

    /** The first sequence the journal in {@code dir} holds (1 when it has no segment yet). */
    public static long firstSeq(final Path dir)
    {
        final List<Path> segments = list(dir);
        return segments.isEmpty() ? 1 : firstSeqOf(segments.get(0));
    }

    /** Segment files in sequence order. */
    static List<Path> list(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir))
        {
            final List<Path> segments = new ArrayList<>();
            files.filter(p -> p.getFileName().toString().matches("\\d{20}\\" + SUFFIX)).sorted().forEach(segments::add);
            return segments;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
