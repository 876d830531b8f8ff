package io.stockring.core.command;

/**
 * A 64-bit hash of a request's content as the client sent it (codes, not ids), so that a retry
 * with the same request id can be told from a different request reusing the id. Allocation
 * free; computed on the producer's thread, journaled, never recomputed in replay.
 */
public final class ContentHash
{
    private static final long PRIME = 0x100000001B3L;
    /**
     * PRIME to the powers 0-8. FNV-1a folds each byte as {@code h = (h ^ b) * PRIME}; a zero byte
     * only multiplies, so k zero bytes in a row are one multiplication by PRIME^k. The result is
     * bit for bit FNV-1a over every byte (journaled hashes must not change), with one dependent
     * multiplication per ASCII character instead of two ({@code ContentHashTest}).
     */
    private static final long[] PRIME_POWER = new long[9];

    static
    {
        PRIME_POWER[0] = 1;
        for (int i = 1; i < PRIME_POWER.length; i++)
        {
            PRIME_POWER[i] = PRIME_POWER[i - 1] * PRIME;
        }
    }

    private long h = 0xCBF29CE484222325L;

    public ContentHash(final CommandType type)
    {
        add(type.id());
    }

    /** The 8 bytes of {@code v}, least significant first. */
    public ContentHash add(final long v)
    {
        long x = v;
        int left = 8;
        while (x != 0)
        {
            h = (h ^ (x & 0xFF)) * PRIME;
            x >>>= 8;
            left--;
        }
        h *= PRIME_POWER[left];
        return this;
    }

    /** The length, then each character as two bytes, low byte first; null as -1. */
    public ContentHash add(final CharSequence s)
    {
        if (s == null)
        {
            return add(-1L);
        }
        add(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c < 0x100)
            {
                h = (h ^ c) * PRIME_POWER[2];
            }
            else
            {
                h = (h ^ (c & 0xFF)) * PRIME;
                h = (h ^ (c >>> 8)) * PRIME;
            }
        }
        return this;
    }

    public long value()
    {
        return h ^ (h >>> 32);
    }
}
