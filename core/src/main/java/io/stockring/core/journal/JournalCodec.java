package io.stockring.core.journal;

import io.stockring.core.command.Command;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.Limits;
import io.stockring.core.command.RequestKeys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a command slot into a journal record and back. Little-endian, one record:
 *
 * <pre>
 *   0  int   payload length (bytes after this 8-byte frame)
 *   4  int   CRC32C of the payload
 *   --- payload ---
 *   8  long  seq
 *  16  long  timestampMs
 *  24  byte  command type
 *  25  long  content hash (computed at the edge from the request as the client sent it)
 *  33  ...   the command's fields, by type (requestId first for idempotent commands)
 * </pre>
 *
 * Request ids, codes and channels are printable ASCII (validated at the edge) and are written
 * byte per char without allocation; names, categories and reasons are UTF-8.
 */
public final class JournalCodec
{
    public static final int FRAME_BYTES = 8;
    /** The shortest payload: seq, timestampMs, type, content hash (8 + 8 + 1 + 8 bytes). */
    static final int MIN_PAYLOAD_BYTES = 25;

    private JournalCodec()
    {
    }

    /** Writes the payload (without the frame) at the buffer's position. */
    public static void encodePayload(final Command c, final ByteBuffer b)
    {
        b.putLong(c.seq);
        b.putLong(c.timestampMs);
        b.put(c.type.id());
        b.putLong(c.contentHash);
        if (c.type.isIdempotent())
        {
            b.put((byte)c.requestIdLength).put(c.requestIdBytes, 0, c.requestIdLength);
        }
        switch (c.type)
        {
            case UPSERT_ITEM:
                putAscii(b, c.code);
                putUtf8(b, c.name);
                putUtf8(b, c.category);
                break;
            case UPSERT_LOCATION:
                putAscii(b, c.code);
                putUtf8(b, c.name);
                b.putInt(c.locationKind);
                b.putInt(c.parentLocationId);
                break;
            case RECEIVE:
                b.putInt(c.skuId).putInt(c.locationId).putLong(c.quantity);
                break;
            case ADJUST:
                b.putInt(c.skuId).putInt(c.locationId).put(c.adjustMode).putLong(c.quantity).putLong(c.expectedOnHand);
                putUtf8(b, c.reason);
                break;
            case RESERVE:
                putChannel(b, c.channelLo, c.channelHi);
                b.putLong(c.ttlMs);
                b.put((byte)c.lineCount);
                for (int i = 0; i < c.lineCount; i++)
                {
                    b.putInt(c.lineSkuIds[i]).putInt(c.lineLocationIds[i]).putLong(c.lineQuantities[i]);
                }
                break;
            case CONFIRM:
            case RELEASE:
                b.putLong(c.reservationId);
                break;
            case TRANSFER:
            case TRANSFER_OUT:
            case TRANSFER_IN:
                b.putInt(c.skuId).putInt(c.locationId).putInt(c.toLocationId).putLong(c.quantity);
                break;
            case EXPIRE_DUE:
                b.putInt(c.maxCount);
                break;
            case SET_POLICY:
                b.putInt(c.skuId).putInt(c.locationId).putLong(c.safetyStock).putLong(c.reorderPoint);
                break;
            default:
                throw new IllegalArgumentException("not a journaled command: " + c.type);
        }
    }

    /**
     * Reads a payload of {@code length} bytes at the buffer's position into {@code c}.
     *
     * @return false if the payload does not parse (an unknown type or a length mismatch)
     */
    public static boolean decodePayload(final ByteBuffer b, final int length, final Command c)
    {
        final int end = b.position() + length;
        c.clear();
        c.seq = b.getLong();
        c.timestampMs = b.getLong();
        c.type = CommandType.fromId(b.get());
        if (c.type == null || !c.type.isJournaled())
        {
            return false;
        }
        c.contentHash = b.getLong();
        if (c.type.isIdempotent())
        {
            final int n = b.get();
            if (n < 1 || n > Limits.MAX_REQUEST_ID_LENGTH || n > end - b.position())
            {
                return false;
            }
            b.get(c.requestIdBytes, 0, n);
            c.requestIdLength = n;
            RequestKeys.keyOf(c);
        }
        switch (c.type)
        {
            case UPSERT_ITEM:
                c.code = getAscii(b);
                c.name = getUtf8(b);
                c.category = getUtf8(b);
                break;
            case UPSERT_LOCATION:
                c.code = getAscii(b);
                c.name = getUtf8(b);
                c.locationKind = b.getInt();
                c.parentLocationId = b.getInt();
                break;
            case RECEIVE:
                c.skuId = b.getInt();
                c.locationId = b.getInt();
                c.quantity = b.getLong();
                break;
            case ADJUST:
                c.skuId = b.getInt();
                c.locationId = b.getInt();
                c.adjustMode = b.get();
                c.quantity = b.getLong();
                c.expectedOnHand = b.getLong();
                c.reason = getUtf8(b);
                break;
            case RESERVE:
                if (!getChannel(b, c))
                {
                    return false;
                }
                c.ttlMs = b.getLong();
                c.lineCount = b.get();
                if (c.lineCount < 1 || c.lineCount > Limits.MAX_LINES)
                {
                    return false;
                }
                for (int i = 0; i < c.lineCount; i++)
                {
                    c.lineSkuIds[i] = b.getInt();
                    c.lineLocationIds[i] = b.getInt();
                    c.lineQuantities[i] = b.getLong();
                }
                break;
            case CONFIRM:
            case RELEASE:
                c.reservationId = b.getLong();
                break;
            case TRANSFER:
            case TRANSFER_OUT:
            case TRANSFER_IN:
                c.skuId = b.getInt();
                c.locationId = b.getInt();
                c.toLocationId = b.getInt();
                c.quantity = b.getLong();
                break;
            case EXPIRE_DUE:
                c.maxCount = b.getInt();
                break;
            case SET_POLICY:
                c.skuId = b.getInt();
                c.locationId = b.getInt();
                c.safetyStock = b.getLong();
                c.reorderPoint = b.getLong();
                break;
            default:
                return false;
        }
        return b.position() == end;
    }

    private static void putAscii(final ByteBuffer b, final String s)
    {
        if (s == null)
        {
            b.put((byte)-1);
            return;
        }
        b.put((byte)s.length());
        for (int i = 0; i < s.length(); i++)
        {
            b.put((byte)s.charAt(i));
        }
    }

    /** The same bytes as {@link #putAscii} of the channel's text: its length, then its characters. */
    private static void putChannel(final ByteBuffer b, final long lo, final long hi)
    {
        final int n = (lo == 0 ? 0 : 8 - Long.numberOfLeadingZeros(lo) / 8) +
            (hi == 0 ? 0 : 8 - Long.numberOfLeadingZeros(hi) / 8);
        b.put((byte)n);
        for (int i = 0; i < n; i++)
        {
            b.put((byte)((i < 8 ? lo : hi) >>> (8 * (i & 7))));
        }
    }

    private static boolean getChannel(final ByteBuffer b, final Command c)
    {
        final int n = b.get();
        if (n < 1 || n > Limits.MAX_CHANNEL_LENGTH || n > b.remaining())
        {
            return false;
        }
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < n; i++)
        {
            final long v = (long)(b.get() & 0xFF) << (8 * (i & 7));
            if (i < 8)
            {
                lo |= v;
            }
            else
            {
                hi |= v;
            }
        }
        c.channelLo = lo;
        c.channelHi = hi;
        return true;
    }

    private static String getAscii(final ByteBuffer b)
    {
        final int n = b.get();
        if (n < 0)
        {
            return null;
        }
        final char[] chars = new char[n];
        for (int i = 0; i < n; i++)
        {
            chars[i] = (char)(b.get() & 0xFF);
        }
        return new String(chars);
    }

    private static void putUtf8(final ByteBuffer b, final String s)
    {
        if (s == null)
        {
            b.putShort((short)-1);
            return;
        }
        final byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short)bytes.length);
        b.put(bytes);
    }

    private static String getUtf8(final ByteBuffer b)
    {
        final int n = b.getShort();
        if (n < 0)
        {
            return null;
        }
        final byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
