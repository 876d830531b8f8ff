package io.stockring.core.journal;

/**
 * The journal holds a damaged record that is not a torn tail (valid records follow it, or it
 * sits in an older segment). Start-up refuses rather than replay garbage or drop acknowledged
 * commands; the message says where, and the runbook says what to do.
 */
public final class JournalCorruptException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JournalCorruptException(final String message)
    {
        super(message);
    }
}
