package io.stockring.bench.load;

/**
 * Chooses the lines of operation {@code seq} deterministically from (seed, seq): the same seed
 * gives the same carts, and no state is shared between the threads that issue operations.
 */
final class Carts
{
    /** One operation's lines: SKU indices and quantities, and what follows the reserve. */
    record Cart(int[] skus, long[] quantities, Follow follow)
    {
    }

    enum Follow
    {
        NONE, CONFIRM, RELEASE
    }

    private final Scenario scenario;
    private final int skus;
    private final long seed;
    private final double[] zipfCdf;

    Carts(final Scenario scenario, final int skus, final long seed, final double zipfExponent)
    {
        this.scenario = scenario;
        this.skus = skus;
        this.seed = seed;
        this.zipfCdf = scenario == Scenario.ZIPF ? zipfCdf(skus, zipfExponent) : null;
    }

    Scenario scenario()
    {
        return scenario;
    }

    Cart cart(final long seq)
    {
        long h = mix(seed ^ mix(seq));
        final Follow follow = follow(scenario, (int)Long.remainderUnsigned(mix(h ^ 0x5bd1e995L), 100));
        switch (scenario)
        {
            case HOT:
                return new Cart(new int[] {0}, new long[] {1}, follow);
            case ZIPF:
                return new Cart(new int[] {zipf(zipfCdf, unit(h))}, new long[] {1}, follow);
            case MULTILINE:
            {
                final int n = 2 + (int)Long.remainderUnsigned(h, 4);
                final int[] chosen = new int[n];
                final long[] q = new long[n];
                for (int i = 0; i < n; i++)
                {
                    int sku;
                    do
                    {
                        h = mix(h);
                        sku = (int)Long.remainderUnsigned(h, skus);
                    }
                    while (contains(chosen, i, sku));
                    chosen[i] = sku;
                    q[i] = 1 + Long.remainderUnsigned(h >>> 32, 3);
                }
                return new Cart(chosen, q, follow);
            }
            default:
                return new Cart(new int[] {(int)Long.remainderUnsigned(h, skus)}, new long[] {1}, follow);
        }
    }

    static Follow follow(final Scenario scenario, final int percentile)
    {
        if (percentile < scenario.confirmPercent())
        {
            return Follow.CONFIRM;
        }
        if (percentile < scenario.confirmPercent() + scenario.releasePercent())
        {
            return Follow.RELEASE;
        }
        return Follow.NONE;
    }

    private static boolean contains(final int[] a, final int n, final int v)
    {
        for (int i = 0; i < n; i++)
        {
            if (a[i] == v)
            {
                return true;
            }
        }
        return false;
    }

    /** Cumulative probabilities of ranks 0..n-1 with P(rank k) proportional to 1/(k+1)^s. */
    static double[] zipfCdf(final int n, final double s)
    {
        final double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += 1.0 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++)
        {
            cdf[k] /= sum;
        }
        cdf[n - 1] = 1.0;
        return cdf;
    }

    /** The rank whose cumulative probability first reaches {@code u} (binary search). */
    static int zipf(final double[] cdf, final double u)
    {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (cdf[mid] >= u)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** SplitMix64's finaliser: a good 64-bit mix of its input. */
    static long mix(final long x)
    {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A double in [0, 1) from the top 53 bits. */
    static double unit(final long h)
    {
        return (h >>> 11) * 0x1.0p-53;
    }
}
