package io.stockring.planner.forecast;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.SplittableRandom;

/** Synthetic demand with known structure, reproducible from a seed. */
final class Synthetic
{
    static final LocalDate START = LocalDate.of(2023, 1, 1);

    private Synthetic()
    {
    }

    /** Poisson draw: Knuth's product method below 30, a rounded normal above. */
    static double poisson(final SplittableRandom random, final double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        if (mean >= 30)
        {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        final double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit)
        {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    static double gaussian(final SplittableRandom random)
    {
        double u = random.nextDouble();
        while (u == 0)
        {
            u = random.nextDouble();
        }
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * The points-programme rhythm: weekends x1.3, days 1-3 of the month x1.8 (points credited), the
     * last three days x1.6 (points expiring).
     */
    static double rhythm(final LocalDate day)
    {
        double m = 1;
        if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY)
        {
            m *= 1.3;
        }
        if (day.getDayOfMonth() <= 3)
        {
            m *= 1.8;
        }
        else if (day.getDayOfMonth() > day.lengthOfMonth() - 3)
        {
            m *= 1.6;
        }
        return m;
    }

    /** Poisson demand around {@code baseUnits * rhythm(day)}. */
    static double[] rhythmic(final long seed, final LocalDate start, final int days, final double baseUnits)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] y = new double[days];
        for (int t = 0; t < days; t++)
        {
            y[t] = poisson(random, baseUnits * rhythm(start.plusDays(t)));
        }
        return y;
    }

    /** Independent normal noise around a constant, rounded and floored at 0. */
    static double[] noise(final long seed, final int days, final double meanUnits, final double sdUnits)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] y = new double[days];
        for (int t = 0; t < days; t++)
        {
            y[t] = Math.max(0, Math.round(meanUnits + sdUnits * gaussian(random)));
        }
        return y;
    }

    /** Demand on a day with probability p; sizes 1 + geometric with the given mean. */
    static double[] intermittent(final long seed, final int days, final double probability, final double meanSize)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] y = new double[days];
        final double q = 1 - 1 / meanSize;
        for (int t = 0; t < days; t++)
        {
            if (random.nextDouble() < probability)
            {
                int size = 1;
                while (random.nextDouble() < q)
                {
                    size++;
                }
                y[t] = size;
            }
        }
        return y;
    }
}
