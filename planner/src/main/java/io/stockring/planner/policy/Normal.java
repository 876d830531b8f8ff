package io.stockring.planner.policy;

/**
 * The standard normal distribution, for turning a cycle service level into a safety factor z.
 * The inverse uses Acklam's rational approximation (relative error below 1.2e-9) followed by one
 * Halley step against an accurate CDF, which brings it to about 1e-15 in the range used here.
 */
public final class Normal
{
    private static final double SQRT_2 = Math.sqrt(2.0);
    private static final double SQRT_2PI = Math.sqrt(2.0 * Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1.0 / Math.sqrt(Math.PI);

    private static final double[] A = {
        -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {
        -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {
        -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    private static final double P_LOW = 0.02425;

    /** Below this erfc comes from 1 - erf (a series); above, from a continued fraction. */
    private static final double ERFC_SWITCH = 2.5;

    private Normal()
    {
    }

    /**
     * The z with P(Z <= z) = p.
     *
     * @param p a probability strictly between 0 and 1
     * @throws IllegalArgumentException if p is not in (0, 1)
     */
    public static double inverseCdf(final double p)
    {
        if (!(p > 0.0 && p < 1.0))
        {
            throw new IllegalArgumentException("p must be within (0, 1), was " + p);
        }
        if (p > 0.5)
        {
            // 1 - p is exact for p in [0.5, 1], and the lower tail keeps its relative accuracy.
            return -inverseCdf(1.0 - p);
        }
        final double x = acklam(p);
        final double e = cdf(x) - p;
        final double u = e * SQRT_2PI * Math.exp(0.5 * x * x);
        return x - u / (1.0 + 0.5 * x * u);
    }

    /** P(Z <= x). */
    public static double cdf(final double x)
    {
        if (Double.isNaN(x))
        {
            throw new IllegalArgumentException("x must be a number, was NaN");
        }
        return 0.5 * erfc(-x / SQRT_2);
    }

    /** The density at x. */
    public static double pdf(final double x)
    {
        return Math.exp(-0.5 * x * x) / SQRT_2PI;
    }

    private static double acklam(final double p)
    {
        if (p < P_LOW)
        {
            final double q = Math.sqrt(-2.0 * Math.log(p));
            return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
                ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0);
        }
        final double q = p - 0.5;
        final double r = q * q;
        return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q /
            (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0);
    }

    /** Complementary error function, accurate to a few ulps of its value for x >= ERFC_SWITCH. */
    static double erfc(final double x)
    {
        if (x < 0.0)
        {
            return 2.0 - erfc(-x);
        }
        if (x < ERFC_SWITCH)
        {
            return 1.0 - erfSeries(x);
        }
        return erfcContinuedFraction(x);
    }

    /** erf(x) = 2/sqrt(pi) e^(-x^2) sum (2x^2)^n x / (1 3 5 ... (2n+1)); all terms positive, no cancellation. */
    private static double erfSeries(final double x)
    {
        final double twoXSquared = 2.0 * x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= twoXSquared / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
    }

    /**
     * erfc(x) = e^(-x^2)/sqrt(pi) x 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated with
     * the modified Lentz method; converges in a few dozen steps for x >= 2.5.
     */
    private static double erfcContinuedFraction(final double x)
    {
        final double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0.0;
        for (int k = 1; k < 500; k++)
        {
            final double a = 0.5 * k;
            d = x + a * d;
            d = d == 0.0 ? tiny : d;
            c = x + a / c;
            c = c == 0.0 ? tiny : c;
            d = 1.0 / d;
            final double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }
        return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
    }
}
