package io.stockring.bench;

import java.util.SplittableRandom;

/** Which SKUs the reserves of a benchmark hit. */
public enum Distribution
{
    /** Every reserve picks one of the SKUs uniformly at random (fixed seed). */
    UNIFORM,
    /** Every reserve hits SKU 0, which holds a huge stock: one contended ledger entry. */
    HOT;

    /** Length of a precomputed pick sequence; a power of two so a counter masks into it. */
    public static final int PICKS = 1 << 20;

    /** SKU indexes in [0, skus) in the order the reserves use them, precomputed so no RNG runs in the loop. */
    public int[] picks(final int skus, final long seed)
    {
        final int[] picks = new int[PICKS];
        if (this == UNIFORM)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < PICKS; i++)
            {
                picks[i] = random.nextInt(skus);
            }
        }
        return picks;
    }
}
