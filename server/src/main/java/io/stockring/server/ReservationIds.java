package io.stockring.server;

/**
 * Reservation ids on the wire: the decimal form of the ledger's id (the journal sequence of the
 * Reserve). One parser, for the services and the security layer alike.
 */
public final class ReservationIds
{
    /** 18 digits always fit a long; ids are far below 10^18. */
    private static final int MAX_DIGITS = 18;

    private ReservationIds()
    {
    }

    /** The id, or 0 when the text is not a positive decimal number of at most 18 digits. */
    public static long parse(final String id)
    {
        if (id == null || id.isEmpty() || id.length() > MAX_DIGITS)
        {
            return 0;
        }
        long v = 0;
        for (int i = 0; i < id.length(); i++)
        {
            final char c = id.charAt(i);
            if (c < '0' || c > '9')
            {
                return 0;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
