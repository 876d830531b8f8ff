package io.stockring.planner.history;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an import did: rows taken, rows skipped with the reason and line of each, and whether the
 * file was refused as a whole. Bad rows never stop an import by default (the rest of a year of
 * history is still worth having); in strict mode any bad row refuses the whole file, and nothing
 * of it is stored.
 */
public final class ImportReport
{
    /** How many problems are kept in full; the count goes on. */
    public static final int MAX_LISTED = 100;

    private final Path file;
    private final List<String> problems = new ArrayList<>();
    private long rowsRead;
    private long rowsStored;
    private long rowsSkipped;
    private boolean refused;

    ImportReport(final Path file)
    {
        this.file = file;
    }

    void read()
    {
        rowsRead++;
    }

    void stored(final long count)
    {
        rowsStored += count;
    }

    /** Records a skipped row as {@code file:line: reason}. */
    void skip(final long line, final String reason)
    {
        rowsSkipped++;
        if (problems.size() < MAX_LISTED)
        {
            problems.add(file + ":" + line + ": " + reason);
        }
    }

    void refuse(final String reason)
    {
        refused = true;
        rowsStored = 0;
        if (problems.size() < MAX_LISTED)
        {
            problems.add(file + ": refused: " + reason);
        }
    }

    public Path file()
    {
        return file;
    }

    public long rowsRead()
    {
        return rowsRead;
    }

    public long rowsStored()
    {
        return rowsStored;
    }

    public long rowsSkipped()
    {
        return rowsSkipped;
    }

    public boolean refused()
    {
        return refused;
    }

    /** The first {@link #MAX_LISTED} problems, each {@code file:line: reason}. */
    public List<String> problems()
    {
        return Collections.unmodifiableList(problems);
    }

    @Override
    public String toString()
    {
        return file + ": " + (refused ? "refused" : "stored " + rowsStored) + " of " + rowsRead + " rows, " +
            rowsSkipped + " skipped";
    }
}
