package io.stockring.core.ledger;

import io.stockring.core.command.ChannelCodes;
import io.stockring.core.command.Limits;
import io.stockring.core.command.ReservationState;

import java.lang.invoke.VarHandle;

/**
 * A view over the off-heap value of one reservation. The reservation id is the journal sequence
 * of the Reserve command that created it, so ids are unique, ordered and the same in replay.
 *
 * <pre>
 *   word 0       createdSeq (= reservation id; 0 while the record is being written)
 *        1       createdAtMs
 *        2       expiresAtMs
 *        3..4    owner channel, up to 16 ASCII characters packed little-endian
 *        5       lineCount
 *        6..21   lines: (stock key, quantity) x 8
 *        22      checksum over words 0..21 (written last, once)
 *        23      state word: (seq << 8) | state; 0 = HELD. One aligned 8-byte store, so a
 *                reservation leaves HELD atomically even if the process dies around it
 *        24      finishedAtMs (written before the state word)
 *        25      reserved for future use
 * </pre>
 */
public final class ReservationRecord extends OffHeapView
{
    public static final int WORDS = 26;
    private static final int CREATED_SEQ = 0;
    private static final int CREATED_AT = 1;
    private static final int EXPIRES_AT = 2;
    private static final int CHANNEL = 3;
    private static final int LINE_COUNT = 5;
    private static final int LINES = 6;
    private static final int CHECK = 22;
    private static final int STATE = 23;
    private static final int FINISHED_AT = 24;
    private static final int IMMUTABLE_WORDS = CHECK;

    private boolean stateAlreadyWritten;

    public long id;
    public long createdAtMs;
    public long expiresAtMs;
    public long channelLo;
    public long channelHi;
    public int lineCount;
    public final long[] lineKeys = new long[Limits.MAX_LINES];
    public final long[] lineQuantities = new long[Limits.MAX_LINES];
    public ReservationState state;
    public long stateSeq;
    public long finishedAtMs;

    /**
     * Loads the reservation as it was before {@code beforeSeq}.
     *
     * @return false if it did not exist then (absent, torn creation, or created at/after beforeSeq)
     */
    boolean load(final long beforeSeq)
    {
        if (!readImmutable() || id >= beforeSeq)
        {
            return false;
        }
        final long stateWord = word(STATE);
        final long seqOfState = stateWord >>> 8;
        stateAlreadyWritten = stateWord != 0 && seqOfState >= beforeSeq;
        if (stateWord == 0 || stateAlreadyWritten)
        {
            state = ReservationState.HELD;
            stateSeq = 0;
            finishedAtMs = 0;
        }
        else
        {
            state = ReservationState.fromCode((int)(stateWord & 0xFF));
            stateSeq = seqOfState;
            finishedAtMs = word(FINISHED_AT);
        }
        return true;
    }

    /**
     * Whether the record at {@code address} is HELD until {@code expiresAtMs} as {@link #load} of
     * {@code beforeSeq} would find it, read without loading the record (its checksum was checked
     * when it was created or rebuilt).
     */
    static boolean isHeld(final long address, final long expiresAtMs, final long beforeSeq)
    {
        if (wordAt(address, CHECK) == 0 || wordAt(address, EXPIRES_AT) != expiresAtMs)
        {
            return false;
        }
        final long stateWord = wordAt(address, STATE);
        return stateWord == 0 || stateWord >>> 8 >= beforeSeq;
    }

    /** Loads the latest state for a reader on another thread (the record may be mid-creation). */
    boolean loadConcurrent()
    {
        return load(Long.MAX_VALUE);
    }

    /** True for a record just inserted and not yet written (all zero). */
    boolean isBlank()
    {
        return word(CREATED_SEQ) == 0 && word(CHECK) == 0;
    }

    /** True when a valid record created by {@code seq} (or later) is already in place. */
    boolean isCreatedAtOrAfter(final long seq)
    {
        return readImmutable() && id >= seq;
    }

    void create(final long seq, final long createdAt, final long expiresAt, final long chLo, final long chHi,
        final int count, final long[] keys, final long[] quantities)
    {
        if (isCreatedAtOrAfter(seq))
        {
            load(Long.MAX_VALUE);
            return;
        }
        word(CHECK, 0);
        word(STATE, 0);
        VarHandle.storeStoreFence();
        word(CREATED_SEQ, seq);
        word(CREATED_AT, createdAt);
        word(EXPIRES_AT, expiresAt);
        word(CHANNEL, chLo);
        word(CHANNEL + 1, chHi);
        word(LINE_COUNT, count);
        for (int i = 0; i < Limits.MAX_LINES; i++)
        {
            word(LINES + 2 * i, i < count ? keys[i] : 0);
            word(LINES + 2 * i + 1, i < count ? quantities[i] : 0);
        }
        VarHandle.storeStoreFence();
        word(CHECK, immutableChecksum());
        // The fields as load() would read them back, without reading and checksumming again.
        id = seq;
        createdAtMs = createdAt;
        expiresAtMs = expiresAt;
        channelLo = chLo;
        channelHi = chHi;
        lineCount = count;
        System.arraycopy(keys, 0, lineKeys, 0, count);
        System.arraycopy(quantities, 0, lineQuantities, 0, count);
        state = ReservationState.HELD;
        stateSeq = 0;
        finishedAtMs = 0;
        stateAlreadyWritten = false;
    }

    /** Moves the reservation out of HELD as of {@code seq}, unless the redo finds it already done. */
    void finish(final ReservationState newState, final long seq, final long atMs)
    {
        if (!stateAlreadyWritten)
        {
            word(FINISHED_AT, atMs);
            VarHandle.storeStoreFence();
            word(STATE, (seq << 8) | newState.code());
        }
        state = newState;
        stateSeq = seq;
        finishedAtMs = atMs;
        stateAlreadyWritten = true;
    }

    public String channel()
    {
        return ChannelCodes.unpack(channelLo, channelHi);
    }

    private boolean readImmutable()
    {
        final long check = word(CHECK);
        if (check == 0)
        {
            return false;
        }
        VarHandle.loadLoadFence();
        id = word(CREATED_SEQ);
        createdAtMs = word(CREATED_AT);
        expiresAtMs = word(EXPIRES_AT);
        channelLo = word(CHANNEL);
        channelHi = word(CHANNEL + 1);
        final long count = word(LINE_COUNT);
        if (id <= 0 || count < 0 || count > Limits.MAX_LINES || check != immutableChecksum())
        {
            return false;
        }
        lineCount = (int)count;
        for (int i = 0; i < lineCount; i++)
        {
            lineKeys[i] = word(LINES + 2 * i);
            lineQuantities[i] = word(LINES + 2 * i + 1);
        }
        return true;
    }

    private long immutableChecksum()
    {
        long h = Checksums.start();
        for (int i = 0; i < IMMUTABLE_WORDS; i++)
        {
            h = Checksums.add(h, word(i));
        }
        return Checksums.finish(h);
    }
}
