package io.stockring.planner.forecast;

/**
 * What a series looks like before any model is fitted: the figures behind its
 * {@link DemandPattern}.
 *
 * @param adiDays     average inter-demand interval: (index of the last demand day + 1) / demand days,
 *                    so the first interval counts from the start of the series and trailing zero days
 *                    are not counted; {@code +Infinity} when there is no demand at all
 * @param cv2         squared coefficient of variation (population variance / mean^2) of the non-zero
 *                    daily demands; 0 with fewer than two demand days
 * @param pattern     the class those two figures give
 * @param nonZeroDays days with demand {@code > 0}
 * @param meanDemand  mean units per day over all days (0 for an empty series)
 */
public record DemandProfile(double adiDays, double cv2, DemandPattern pattern, int nonZeroDays, double meanDemand)
{
    public static DemandProfile of(final double[] demand)
    {
        int nonZero = 0;
        int lastDemandDay = -1;
        double total = 0;
        double sizeSum = 0;
        double sizeSquares = 0;
        for (int t = 0; t < demand.length; t++)
        {
            final double v = demand[t];
            total += v;
            if (v > 0)
            {
                nonZero++;
                lastDemandDay = t;
                sizeSum += v;
                sizeSquares += v * v;
            }
        }
        final double adi = nonZero == 0 ? Double.POSITIVE_INFINITY : (lastDemandDay + 1.0) / nonZero;
        double cv2 = 0;
        if (nonZero >= 2)
        {
            final double meanSize = sizeSum / nonZero;
            final double variance = Math.max(0, sizeSquares / nonZero - meanSize * meanSize);
            cv2 = variance / (meanSize * meanSize);
        }
        final double mean = demand.length == 0 ? 0 : total / demand.length;
        return new DemandProfile(adi, cv2, DemandPattern.of(adi, cv2), nonZero, mean);
    }
}
