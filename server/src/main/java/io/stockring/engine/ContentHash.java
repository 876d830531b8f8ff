package io.stockring.engine;

/**
 * A 64-bit hash of a request's content as the client sent it (codes, not ids), so that a retry
 * with the same request id can be told from a different request reusing the id. Allocation
 * free; computed on the producer's thread, journaled, never recomputed in replay.
 */
final class ContentHash
{
    private static final long PRIME = 0x100000001B3L;
    private long h = 0xCBF29CE484222325L;

    ContentHash(final CommandType type)
    {
        add(type.id());
    }

    ContentHash add(final long v)
    {
        long x = v;
        for (int i = 0; i < 8; i++)
        {
            h = (h ^ (x & 0xFF)) * PRIME;
            x >>>= 8;
        }
        return this;
    }

    ContentHash add(final CharSequence s)
    {
        if (s == null)
        {
            return add(-1L);
        }
        add(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            h = (h ^ (c & 0xFF)) * PRIME;
            h = (h ^ (c >>> 8)) * PRIME;
        }
        return this;
    }

    long value()
    {
        return h ^ (h >>> 32);
    }
}
