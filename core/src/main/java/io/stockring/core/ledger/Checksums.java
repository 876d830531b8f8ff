package io.stockring.core.ledger;

/**
 * A cheap 64-bit mix over a few words, written last after an in-place update. A process that
 * dies between the first and the last store of an update leaves a record whose checksum does
 * not match its words: the record is recognised as torn instead of being trusted.
 */
final class Checksums
{
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long M = 0xBF58476D1CE4E5B9L;

    private Checksums()
    {
    }

    static long start()
    {
        return SEED;
    }

    static long add(final long h, final long word)
    {
        long x = (h ^ word) * M;
        x ^= x >>> 31;
        return x;
    }

    /** Never zero, so that zeroed memory (a fresh entry) never passes as valid. */
    static long finish(final long h)
    {
        final long x = h ^ (h >>> 29);
        return x == 0 ? 1 : x;
    }
}
