package io.stockring.core.command;


/**
 * Packs a channel code of up to 16 printable ASCII characters into two longs, so a reservation
 * carries its owner without a catalog look-up or a variable-size field.
 */
public final class ChannelCodes
{
    private ChannelCodes()
    {
    }

    public static boolean isValid(final CharSequence channel)
    {
        if (channel == null || channel.length() == 0 || channel.length() > Limits.MAX_CHANNEL_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < channel.length(); i++)
        {
            final char c = channel.charAt(i);
            if (c <= ' ' || c > '~')
            {
                return false;
            }
        }
        return true;
    }

    /** @param half 0 for characters 0..7, 1 for 8..15 */
    public static long pack(final CharSequence channel, final int half)
    {
        long w = 0;
        final int from = half * 8;
        for (int i = 0; i < 8 && from + i < channel.length(); i++)
        {
            w |= ((long)channel.charAt(from + i) & 0xFF) << (8 * i);
        }
        return w;
    }

    public static String unpack(final long lo, final long hi)
    {
        final StringBuilder sb = new StringBuilder(16);
        for (final long w : new long[]{lo, hi})
        {
            for (int i = 0; i < 8; i++)
            {
                final char c = (char)((w >>> (8 * i)) & 0xFF);
                if (c == 0)
                {
                    return sb.toString();
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
