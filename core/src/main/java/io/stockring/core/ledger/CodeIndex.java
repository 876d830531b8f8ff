package io.stockring.core.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Code to id for the edge's look-ups (every line of every Reserve resolves a sku and a location):
 * an open-addressing table that holds the code's characters inline, so a look-up reads one or two
 * cache lines of one array, where a {@code ConcurrentHashMap<String, ?>} reads four objects on
 * different lines (table, node, key string and its bytes, value). Codes of up to
 * {@value #MAX_INLINE} printable ASCII characters (two words, zero-padded) are kept; longer ones
 * are not, and the caller falls back to its map.
 *
 * <p>One writer (the ledger's writer, or recovery before it), any number of readers. An entry's
 * character words are written before its head word is published with a release store, and never
 * change after; growing builds a new table and publishes it whole. A reader may therefore miss
 * an entry being added, never see a wrong one.
 *
 * <pre>
 *   entry (3 words): head = hash tag (high 32 bits) | id (low 32 bits, 0 = free), characters 0-7, characters 8-15
 * </pre>
 */
final class CodeIndex
{
    static final int MAX_INLINE = 16;
    private static final int STRIDE = 3;
    private static final VarHandle HEAD = MethodHandles.arrayElementVarHandle(long[].class);

    private volatile long[] table = new long[64 * STRIDE];
    private int size;

    /** @return the code's id, or 0 if it is not here (absent, or too long to be kept) */
    int get(final String code)
    {
        final int n = code.length();
        final long w0 = n == 0 || n > MAX_INLINE ? -1 : pack(code, 0);
        final long w1 = w0 < 0 ? -1 : pack(code, 8);
        if (w1 < 0)
        {
            return 0;
        }
        final long[] t = table;
        final int mask = t.length / STRIDE - 1;
        final long hash = hash(w0, w1);
        final long tag = hash & 0xFFFF_FFFF_0000_0000L;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            final int at = i * STRIDE;
            final long head = (long)HEAD.getAcquire(t, at);
            if (head == 0)
            {
                return 0;
            }
            if ((head & 0xFFFF_FFFF_0000_0000L) == tag && t[at + 1] == w0 && t[at + 2] == w1)
            {
                return (int)head;
            }
        }
    }

    /** Adds (or keeps) code -> id, id > 0; a code longer than {@value #MAX_INLINE} characters is not kept. Writer only. */
    void put(final String code, final int id)
    {
        if (id <= 0)
        {
            throw new IllegalArgumentException("ids are positive: " + id);
        }
        final int n = code.length();
        final long w0 = n == 0 || n > MAX_INLINE ? -1 : pack(code, 0);
        final long w1 = w0 < 0 ? -1 : pack(code, 8);
        if (w1 < 0)
        {
            return;
        }
        long[] t = table;
        if ((size + 1) * 2 > t.length / STRIDE)
        {
            t = grown(t);
            table = t;
        }
        if (insert(t, w0, w1, id))
        {
            size++;
        }
    }

    int size()
    {
        return size;
    }

    /** Places the entry, publishing its head last; false if the code was already there. */
    private static boolean insert(final long[] t, final long w0, final long w1, final int id)
    {
        final int mask = t.length / STRIDE - 1;
        final long hash = hash(w0, w1);
        final long head = (hash & 0xFFFF_FFFF_0000_0000L) | (id & 0xFFFF_FFFFL);
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            final int at = i * STRIDE;
            final long existing = t[at];
            if (existing == 0)
            {
                t[at + 1] = w0;
                t[at + 2] = w1;
                HEAD.setRelease(t, at, head);
                return true;
            }
            if (t[at + 1] == w0 && t[at + 2] == w1)
            {
                if (existing != head)
                {
                    HEAD.setRelease(t, at, head);
                }
                return false;
            }
        }
    }

    /** A table twice the size holding every entry; published by the caller's volatile store. */
    private static long[] grown(final long[] t)
    {
        final long[] bigger = new long[t.length * 2];
        for (int at = 0; at < t.length; at += STRIDE)
        {
            if (t[at] != 0)
            {
                insert(bigger, t[at + 1], t[at + 2], (int)t[at]);
            }
        }
        return bigger;
    }

    /**
     * Characters {@code from} to {@code from + 7} of the code, one byte each, little-endian, zero
     * past its end; -1 if one of them is not printable ASCII (only printable codes are kept, so
     * the zero padding names one code only).
     */
    private static long pack(final String code, final int from)
    {
        long word = 0;
        for (int i = from, end = Math.min(code.length(), from + 8); i < end; i++)
        {
            final long c = code.charAt(i);
            if (c <= ' ' || c > '~')
            {
                return -1;
            }
            word |= c << ((i - from) << 3);
        }
        return word;
    }

    private static long hash(final long w0, final long w1)
    {
        long h = w0 * 0x9E3779B97F4A7C15L ^ w1;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }
}
