package io.stockring.ledger;

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

    public static long hi(final CharSequence id)
    {
        return hash(id, 0x9E3779B97F4A7C15L, 0xBF58476D1CE4E5B9L);
    }

    public static long lo(final CharSequence id)
    {
        return hash(id, 0xC2B2AE3D27D4EB4FL, 0x94D049BB133111EBL);
    }

    /** The high word as the ledger stores it: never 0, which marks a free slot (one key in 2^64 moves to 1). */
    public static long nonZero(final long hi)
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
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
