package io.stockring.planner.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * Measures how events and expiring points moved a series' demand in the past, against what its base
 * model expected without them.
 *
 * <ul>
 *   <li>Expiry elasticity: least squares, on days without events, of the residual {@code y - base}
 *       on {@code base * z} with {@code z = expiry / mean expiry - 1} (residual ratios weighted by the
 *       base squared, so quiet days do not dominate); clamped to {@code [0, max]}. The configured
 *       default when history has no expiry data, fewer than four weeks of it, or no variation.</li>
 *   <li>Event multiplier: (units on the event's days) / (base units expected on those days, with
 *       expiry and overlapping events' multipliers applied), two rounds so that overlapping events
 *       are separated. Blended with the default by weight
 *       {@code min(1, occurrences / fullOccurrences) * min(1, expectedUnits / fullUnits)}: one past
 *       Mid-Autumn, or a handful of units, is weak evidence.</li>
 * </ul>
 *
 * The base model must not have learnt from event days (the methods here skip them), otherwise the
 * events would be counted twice. Stateless and thread-safe.
 */
public final class EffectEstimator
{
    private static final int MIN_EXPIRY_DAYS = 28;
    private static final int ROUNDS = 2;

    private final ForecastConfig config;

    public EffectEstimator(final ForecastConfig config)
    {
        this.config = Objects.requireNonNull(config, "config").validate();
    }

    /**
     * @param history    demand with the drivers of its days
     * @param baseFitted per history day, the base model's estimate without events made from earlier
     *                   days; NaN where it has none (those days are left out)
     */
    public Effects estimate(final DemandSeries history, final double[] baseFitted)
    {
        if (baseFitted.length < history.days())
        {
            throw new IllegalArgumentException(
                "baseFitted needs one value per history day (" + history.days() + ") but has " + baseFitted.length);
        }
        return estimate(history, baseFitted, history.days());
    }

    Effects estimate(final DemandSeries history, final double[] fitted, final int n)
    {
        final Drivers drivers = history.drivers();
        final double[] y = history.values();
        final long startEpochDay = history.start().toEpochDay();
        final int lookahead = config.expiryLookaheadDays();

        double normaliser = Double.NaN;
        double elasticity = config.expiryElasticity();
        boolean measured = false;
        if (drivers.hasExpiry())
        {
            final double mean = Effects.meanExpiry(drivers, startEpochDay, n, lookahead);
            if (mean > 0)
            {
                normaliser = mean;
                double num = 0;
                double den = 0;
                double baseSquares = 0;
                int days = 0;
                for (int t = 0; t < n; t++)
                {
                    final double f = fitted[t];
                    if (!(f > 0) || drivers.maskAt(startEpochDay + t) != 0)
                    {
                        continue;
                    }
                    final double x = drivers.expiryMeanAhead(startEpochDay + t, lookahead);
                    if (Double.isNaN(x))
                    {
                        continue;
                    }
                    final double z = x / normaliser - 1;
                    num += (y[t] - f) * f * z;
                    den += f * f * z * z;
                    baseSquares += f * f;
                    days++;
                }
                if (days >= MIN_EXPIRY_DAYS && den > 1e-6 * baseSquares)
                {
                    elasticity = Math.min(config.expiryElasticityMax(), Math.max(0, num / den));
                    measured = true;
                }
            }
        }

        final int names = drivers.nameCount();
        final String[] eventNames = new String[names];
        final double[] multipliers = new double[names];
        final int[] occurrences = new int[names];
        final double[] weights = new double[names];
        if (names > 0)
        {
            measureEvents(drivers, y, fitted, n, startEpochDay, elasticity, normaliser, eventNames, multipliers,
                occurrences, weights);
        }
        return new Effects(config, eventNames, multipliers, occurrences, weights, elasticity, measured, normaliser);
    }

    private void measureEvents(final Drivers drivers, final double[] y, final double[] fitted, final int n,
        final long startEpochDay, final double elasticity, final double normaliser, final String[] eventNames,
        final double[] multipliers, final int[] occurrences, final double[] weights)
    {
        final int names = eventNames.length;
        final double[] actualUnits = new double[names];
        final double[] expectedUnits = new double[names];
        final double[] defaults = new double[names];
        for (int k = 0; k < names; k++)
        {
            eventNames[k] = drivers.name(k);
            defaults[k] = config.defaultMultiplier(drivers.event(k));
            multipliers[k] = 1;
        }
        final boolean expiry = !Double.isNaN(normaliser) && elasticity > 0;
        final int lookahead = config.expiryLookaheadDays();
        final double fullOccurrences = config.eventFullWeightOccurrences();
        final double fullUnits = config.eventFullWeightUnits();
        for (int round = 0; round < ROUNDS; round++)
        {
            Arrays.fill(actualUnits, 0);
            Arrays.fill(expectedUnits, 0);
            long previous = 0;
            for (int t = 0; t < n; t++)
            {
                final long mask = drivers.maskAt(startEpochDay + t);
                if (round == 0)
                {
                    for (long started = mask & ~previous; started != 0; started &= started - 1)
                    {
                        occurrences[Long.numberOfTrailingZeros(started)]++;
                    }
                    previous = mask;
                }
                final double f = fitted[t];
                if (mask == 0 || !(f >= 0))
                {
                    continue;
                }
                double expected = f;
                if (expiry)
                {
                    expected *= Effects.expiryFactor(elasticity,
                        drivers.expiryMeanAhead(startEpochDay + t, lookahead), normaliser);
                }
                double all = 1;
                for (long m = mask; m != 0; m &= m - 1)
                {
                    all *= multipliers[Long.numberOfTrailingZeros(m)];
                }
                for (long m = mask; m != 0; m &= m - 1)
                {
                    final int k = Long.numberOfTrailingZeros(m);
                    actualUnits[k] += y[t];
                    expectedUnits[k] += expected * all / multipliers[k];
                }
            }
            for (int k = 0; k < names; k++)
            {
                if (expectedUnits[k] > 0)
                {
                    final double measuredRatio = actualUnits[k] / expectedUnits[k];
                    final double weight = Math.min(1, occurrences[k] / fullOccurrences) *
                        Math.min(1, expectedUnits[k] / fullUnits);
                    weights[k] = weight;
                    multipliers[k] = clamp(defaults[k] + weight * (measuredRatio - defaults[k]));
                }
                else
                {
                    weights[k] = 0;
                    multipliers[k] = clamp(defaults[k]);
                }
            }
        }
    }

    private static double clamp(final double multiplier)
    {
        return Math.min(Effects.MULTIPLIER_MAX, Math.max(Effects.MULTIPLIER_MIN, multiplier));
    }
}
