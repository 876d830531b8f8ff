package io.stockring.core.command;

/** Life of a reservation: it leaves HELD exactly once. The code is stored in the ledger. */
public enum ReservationState
{
    HELD(0),
    CONFIRMED(1),
    RELEASED(2),
    EXPIRED(3);

    private final int code;

    ReservationState(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    public static ReservationState fromCode(final int code)
    {
        switch (code)
        {
            case 0:
                return HELD;
            case 1:
                return CONFIRMED;
            case 2:
                return RELEASED;
            case 3:
                return EXPIRED;
            default:
                throw new IllegalArgumentException("unknown reservation state " + code);
        }
    }
}
