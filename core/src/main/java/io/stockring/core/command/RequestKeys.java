package io.stockring.core.command;


/**
 * Two independent 64-bit hashes of a request id, used together as its 128-bit key. For ids that
 * clients generate (UUIDs, order numbers) two ids share a key with probability about 2^-128 per
 * pair; a crafted collision would at worst make a request look like a retry of another, which the
 * content hash then refuses as REQUEST_ID_REUSED rather than answer with a stranger's outcome.
 */
public final class RequestKeys
{
    private RequestKeys()
    {
    }

    private static final long HI_SEED = 0x9E3779B97F4A7C15L;
    private static final long HI_MULTIPLIER = 0xBF58476D1CE4E5B9L;
    private static final long LO_SEED = 0xC2B2AE3D27D4EB4FL;
    private static final long LO_MULTIPLIER = 0x94D049BB133111EBL;

    /** The high word: never 0, which marks a free slot in the ledger's record ring (one key in 2^64 moves to 1). */
    public static long hi(final CharSequence id)
    {
        return nonZero(hash(id, HI_SEED, HI_MULTIPLIER));
    }

    public static long lo(final CharSequence id)
    {
        return hash(id, LO_SEED, LO_MULTIPLIER);
    }

    /**
     * Both halves in one pass over the slot's request id (ASCII bytes), into its key fields: the
     * same values as {@link #hi} and {@link #lo} of the id as text, with the two multiply chains
     * interleaved.
     */
    public static void keyOf(final Command slot)
    {
        final byte[] id = slot.requestIdBytes;
        final int n = slot.requestIdLength;
        long h = HI_SEED ^ n;
        long l = LO_SEED ^ n;
        for (int i = 0; i < n; i++)
        {
            final int c = id[i] & 0xFF;
            h = (h ^ c) * HI_MULTIPLIER;
            l = (l ^ c) * LO_MULTIPLIER;
            h ^= h >>> 29;
            l ^= l >>> 29;
        }
        slot.requestKeyHi = nonZero(finish(h));
        slot.requestKeyLo = finish(l);
    }

    private static long nonZero(final long hi)
    {
        return hi == 0 ? 1 : hi;
    }

    private static long hash(final CharSequence id, final long seed, final long multiplier)
    {
        long h = seed ^ id.length();
        for (int i = 0; i < id.length(); i++)
        {
            h = (h ^ id.charAt(i)) * multiplier;
            h ^= h >>> 29;
        }
        return finish(h);
    }

    private static long finish(final long hash)
    {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
