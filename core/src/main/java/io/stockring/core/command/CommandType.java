package io.stockring.core.command;

/**
 * What a command slot asks for. The byte id is written into the journal and must never change.
 */
public enum CommandType
{
    UPSERT_ITEM(1, true),
    UPSERT_LOCATION(2, true),
    RECEIVE(3, true),
    ADJUST(4, true),
    RESERVE(5, true),
    CONFIRM(6, true),
    RELEASE(7, true),
    TRANSFER(8, true),
    TRANSFER_OUT(9, true),
    TRANSFER_IN(10, true),
    EXPIRE_DUE(11, true),
    SET_POLICY(12, true),
    /**
     * Control: answered once every command before it is applied, with the applied sequence as its
     * value (a clean stop drains the ring with one). Not journaled. Id 14 was a writer-side verify
     * before verifying moved to the snapshot replica; control ids never reach the journal.
     */
    BARRIER(13, false);

    private static final CommandType[] BY_ID = new CommandType[16];

    static
    {
        for (final CommandType t : values())
        {
            BY_ID[t.id] = t;
        }
    }

    private final byte id;
    private final boolean journaled;

    CommandType(final int id, final boolean journaled)
    {
        this.id = (byte)id;
        this.journaled = journaled;
    }

    public byte id()
    {
        return id;
    }

    /** Journaled commands change the ledger and are replayed in recovery. */
    public boolean isJournaled()
    {
        return journaled;
    }

    /** Commands that carry a client request id and are therefore idempotent. */
    public boolean isIdempotent()
    {
        return journaled && this != EXPIRE_DUE;
    }

    /** @return the type for a journal byte, or null when the byte names no type. */
    public static CommandType fromId(final int id)
    {
        return id > 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
