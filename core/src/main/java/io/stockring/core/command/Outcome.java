package io.stockring.core.command;

/**
 * The answer to one command: its result code, its value (reservation id, new id, count...), and
 * the journal sequence it was applied at (0 if it never reached the journal).
 */
public record Outcome(ResultCode code, long value, long seq)
{
    public static Outcome of(final ResultCode code)
    {
        return new Outcome(code, 0, 0);
    }

    public boolean isOk()
    {
        return code == ResultCode.OK;
    }
}
