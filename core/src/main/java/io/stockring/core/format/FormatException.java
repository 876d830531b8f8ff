package io.stockring.core.format;

/**
 * A durable file is of a format this build does not read: written by a newer (or much older)
 * stockring, or not a stockring file at all. Start-up refuses with one line naming the file, what
 * was found and what was expected, and changes nothing on disk (ops/RUNBOOK.md, "Format versions").
 */
public final class FormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public FormatException(final String message)
    {
        super(message);
    }

    /** "{@code file}: found {@code found}; this build reads {@code expected}". */
    public static FormatException of(final Object file, final String found, final String expected)
    {
        return new FormatException(file + ": found " + found + "; this build reads " + expected +
            " (see ops/RUNBOOK.md, 'Format versions')");
    }
}
