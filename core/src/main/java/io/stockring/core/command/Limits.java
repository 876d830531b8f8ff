package io.stockring.core.command;

/**
 * Every bound a command is held to, in one place. The edge ({@code CommandRequests}) refuses a
 * request past one of them with a validation code; the journal codec and the ledger's record
 * layouts are sized from them, so raising one is a format change (see the golden-file tests).
 */
public final class Limits
{
    /** Lines of one reservation; also the stock entries one reservation record holds. */
    public static final int MAX_LINES = 8;
    /** Printable ASCII bytes of a client request id. */
    public static final int MAX_REQUEST_ID_LENGTH = 64;
    /** Printable ASCII bytes of a sku, location or category code. */
    public static final int MAX_CODE_LENGTH = 64;
    /** Printable ASCII bytes of a channel; packed into two longs ({@link ChannelCodes}). */
    public static final int MAX_CHANNEL_LENGTH = 16;
    /** Characters of an item or location name. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Characters of an adjustment's reason. */
    public static final int MAX_REASON_LENGTH = 64;
    /** The largest quantity one request may carry; keeps every sum far from overflow. */
    public static final long MAX_QUANTITY = 1_000_000_000_000L;
    /** The most stock one entry may hold (on hand or in transit): sums of two stay below Long.MAX_VALUE. */
    public static final long MAX_ON_HAND = Long.MAX_VALUE / 4;
    /** Longest reservation hold: a week (shortened further to the request retention when that is shorter). */
    public static final long MAX_TTL_MS = 7L * 24 * 3_600_000;
    /** Distinct stock entries one command writes: the writer keeps a view per entry. */
    public static final int MAX_STOCK_VIEWS = 2 * MAX_LINES;
    /** Upper bound of one encoded journal record, frame included. */
    public static final int MAX_RECORD_BYTES = 4096;

    static
    {
        // A reservation's record holds MAX_LINES lines; a reserve's journal record with every
        // field at its longest must fit in one record.
        if (MAX_STOCK_VIEWS < MAX_LINES || 64 + MAX_REQUEST_ID_LENGTH + MAX_CHANNEL_LENGTH + MAX_LINES * 16 > MAX_RECORD_BYTES)
        {
            throw new ExceptionInInitializerError("inconsistent limits");
        }
    }

    private Limits()
    {
    }
}
