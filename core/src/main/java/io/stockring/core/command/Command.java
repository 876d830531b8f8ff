package io.stockring.core.command;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One command as the journal records it and the state machine applies it: the request's input,
 * the sequence and content hash the journal stamps, and the outcome the writer writes back. A
 * mutable flyweight, filled in place: the ring preallocates its slots from this class (the
 * server's {@code Command} adds the ring's own state), the journal reader replays into one
 * instance, and a replicated service decodes its log into one, so nothing allocates per command.
 *
 * <p>Codes (sku, location) are resolved to numeric ids at the edge, before the command is
 * sequenced: {@link #NO_ID} means "none given", {@link #UNKNOWN_ID} "given but not in the
 * catalog"; the writer turns the latter into a remembered NOT_FOUND outcome so that replay stays
 * exact. Time comes in {@link #timestampMs}, never from a clock the apply logic reads.
 */
public class Command
{
    public static final int NO_ID = 0;
    public static final int UNKNOWN_ID = -1;

    public static final byte ADJUST_DELTA = 0;
    public static final byte ADJUST_SET = 1;

    // ---- input, written by the producer ----
    public CommandType type;
    public long timestampMs;
    /**
     * The request id, {@link #requestIdLength} printable ASCII bytes. Bytes, like the channel
     * below: a slot is reused only a whole ring later, so it keeps no request's objects alive
     * meanwhile, and a journal record replays into it without allocating.
     */
    public final byte[] requestIdBytes = new byte[Limits.MAX_REQUEST_ID_LENGTH];
    public int requestIdLength;
    /**
     * The request id's 128-bit key ({@link RequestKeys}), hashed by whoever
     * sets the id ({@link #requestId(CharSequence)}: the caller's thread, or the journal reader) so
     * the single writer does not.
     */
    public long requestKeyHi;
    public long requestKeyLo;

    /** Reserve: owner channel, packed by {@link ChannelCodes} (characters 0..7, 8..15). */
    public long channelLo;
    public long channelHi;
    public int lineCount;
    public final int[] lineSkuIds = new int[Limits.MAX_LINES];
    public final int[] lineLocationIds = new int[Limits.MAX_LINES];
    public final long[] lineQuantities = new long[Limits.MAX_LINES];
    public long ttlMs;

    /** Confirm, Release, TransferIn: the reservation or transfer being acted on. */
    public long reservationId;

    /** Receive, Adjust, Transfer*, SetPolicy. */
    public int skuId;
    public int locationId;
    public int toLocationId;
    public long quantity;
    public byte adjustMode;
    public long expectedOnHand;
    public String reason;
    public long safetyStock;
    public long reorderPoint;

    /** UpsertItem, UpsertLocation. */
    public String code;
    public String name;
    public String category;
    public int locationKind;
    public int parentLocationId;

    /** ExpireDue: at most this many reservations expire in one tick. */
    public int maxCount;

    // ---- stamped by the journal (or the replicated log) ----
    /** Journal sequence; 0 for commands that are not journaled. */
    public long seq;
    /** Hash of the journaled content (not seq or time): tells a retry from a reused id. */
    public long contentHash;

    // ---- output, written by the writer ----
    public ResultCode result;
    /** Reserve: reservation id; UpsertItem/Location: the id; ExpireDue: how many expired. */
    public long resultValue;

    /** Sets the request id (validated printable ASCII, at most {@link Limits#MAX_REQUEST_ID_LENGTH}) and its key. */
    public void requestId(final CharSequence id)
    {
        final int n = id.length();
        for (int i = 0; i < n; i++)
        {
            requestIdBytes[i] = (byte)id.charAt(i);
        }
        requestIdLength = n;
        RequestKeys.keyOf(this);
    }

    /** The request id as text (logs, tests), or null when none is set. */
    public String requestId()
    {
        return requestIdLength == 0 ? null : new String(requestIdBytes, 0, requestIdLength, StandardCharsets.US_ASCII);
    }

    /** Sets the Reserve's owner channel (validated by {@link ChannelCodes#isValid}). */
    public void channel(final CharSequence channel)
    {
        channelLo = ChannelCodes.pack(channel, 0);
        channelHi = ChannelCodes.pack(channel, 1);
    }

    /** The channel as text, or null when none is set. */
    public String channel()
    {
        return channelLo == 0 ? null : ChannelCodes.unpack(channelLo, channelHi);
    }

    /** Clears every field, so that nothing of the previous command leaks into the next. */
    public void clear()
    {
        type = null;
        timestampMs = 0;
        requestIdLength = 0;
        requestKeyHi = 0;
        requestKeyLo = 0;
        channelLo = 0;
        channelHi = 0;
        lineCount = 0;
        Arrays.fill(lineSkuIds, 0);
        Arrays.fill(lineLocationIds, 0);
        Arrays.fill(lineQuantities, 0);
        ttlMs = 0;
        reservationId = 0;
        skuId = 0;
        locationId = 0;
        toLocationId = 0;
        quantity = 0;
        adjustMode = ADJUST_DELTA;
        expectedOnHand = 0;
        reason = null;
        safetyStock = 0;
        reorderPoint = 0;
        code = null;
        name = null;
        category = null;
        locationKind = 0;
        parentLocationId = 0;
        maxCount = 0;
        seq = 0;
        contentHash = 0;
        result = null;
        resultValue = 0;
    }

    /** Copies the input fields (and content hash) of a request template into this slot. */
    public void copyInputFrom(final Command o)
    {
        type = o.type;
        timestampMs = o.timestampMs;
        System.arraycopy(o.requestIdBytes, 0, requestIdBytes, 0, o.requestIdLength);
        requestIdLength = o.requestIdLength;
        requestKeyHi = o.requestKeyHi;
        requestKeyLo = o.requestKeyLo;
        channelLo = o.channelLo;
        channelHi = o.channelHi;
        lineCount = o.lineCount;
        System.arraycopy(o.lineSkuIds, 0, lineSkuIds, 0, Limits.MAX_LINES);
        System.arraycopy(o.lineLocationIds, 0, lineLocationIds, 0, Limits.MAX_LINES);
        System.arraycopy(o.lineQuantities, 0, lineQuantities, 0, Limits.MAX_LINES);
        ttlMs = o.ttlMs;
        reservationId = o.reservationId;
        skuId = o.skuId;
        locationId = o.locationId;
        toLocationId = o.toLocationId;
        quantity = o.quantity;
        adjustMode = o.adjustMode;
        expectedOnHand = o.expectedOnHand;
        reason = o.reason;
        safetyStock = o.safetyStock;
        reorderPoint = o.reorderPoint;
        code = o.code;
        name = o.name;
        category = o.category;
        locationKind = o.locationKind;
        parentLocationId = o.parentLocationId;
        maxCount = o.maxCount;
        contentHash = o.contentHash;
    }

    @Override
    public String toString()
    {
        return "Command{" + type + " seq=" + seq + " requestId=" + requestId() + " result=" + result +
            " resultValue=" + resultValue + '}';
    }
}
