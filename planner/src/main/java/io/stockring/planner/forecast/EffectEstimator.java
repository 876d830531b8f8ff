package io.stockring.planner.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * Measures how events and expiring points moved a series' demand in the past, against what its base
 * model expected without them.
 *
 * <ul>
 *   <li>Expiry elasticity (see {@link ExpiryEffect}): least squares, on days without events, of the
 *       residual {@code y - base} on {@code base * z}, {@code z = expiry / usual expiry - 1} (residual
 *       ratios weighted by the base squared, so quiet days do not dominate); clamped to
 *       {@code [0, max]}. The configured default when history has no expiry data, fewer than four
 *       weeks of it, or no variation.</li>
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
     * @param baseFitted per history day, the base model's estimate without events or expiry, made
     *                   from earlier days; NaN where it has none (those days are left out)
     */
    public Effects estimate(final DemandSeries history, final double[] baseFitted)
    {
        if (baseFitted.length < history.days())
        {
            throw new IllegalArgumentException(
                "baseFitted needs one value per history day (" + history.days() + ") but has " + baseFitted.length);
        }
        final byte[] daysToMonthEnd = DayCalendar.daysToMonthEnd(history.start(), history.days());
        final ExpiryEffect expiry = expiry(history, baseFitted, history.days(), daysToMonthEnd);
        return events(history, baseFitted, history.days(), daysToMonthEnd, expiry);
    }

    /** The expiry effect measured against {@code fitted[0, n)}. */
    ExpiryEffect expiry(final DemandSeries history, final double[] fitted, final int n, final byte[] daysToMonthEnd)
    {
        final Drivers drivers = history.drivers();
        final int lookahead = config.expiryLookaheadDays();
        final long startEpochDay = history.start().toEpochDay();
        final double[] usual = ExpiryEffect.usualPoints(drivers, startEpochDay, n, daysToMonthEnd, lookahead);
        if (usual == null)
        {
            return new ExpiryEffect(config.expiryElasticity(), false, lookahead, null);
        }
        final double[] y = history.values();
        double num = 0;
        double den = 0;
        double baseSquares = 0;
        int days = 0;
        for (int t = 0; t < n; t++)
        {
            final double f = fitted[t];
            final long epochDay = startEpochDay + t;
            if (!(f > 0) || drivers.maskAt(epochDay) != 0)
            {
                continue;
            }
            final double x = drivers.expiryMeanAhead(epochDay, lookahead);
            final double u = usual[daysToMonthEnd[t]];
            if (Double.isNaN(x) || !(u > 0))
            {
                continue;
            }
            final double z = x / u - 1;
            num += (y[t] - f) * f * z;
            den += f * f * z * z;
            baseSquares += f * f;
            days++;
        }
        if (days >= MIN_EXPIRY_DAYS && den > 1e-6 * baseSquares)
        {
            final double elasticity = Math.min(config.expiryElasticityMax(), Math.max(0, num / den));
            return new ExpiryEffect(elasticity, true, lookahead, usual);
        }
        return new ExpiryEffect(config.expiryElasticity(), false, lookahead, usual);
    }

    /** Event multipliers measured against {@code fitted[0, n)} with {@code expiry} applied. */
    Effects events(final DemandSeries history, final double[] fitted, final int n, final byte[] daysToMonthEnd,
        final ExpiryEffect expiry)
    {
        final Drivers drivers = history.drivers();
        final int names = drivers.nameCount();
        final String[] eventNames = new String[names];
        final double[] multipliers = new double[names];
        final int[] occurrences = new int[names];
        final double[] weights = new double[names];
        if (names > 0)
        {
            measureEvents(drivers, history.values(), fitted, n, history.start().toEpochDay(), daysToMonthEnd, expiry,
                eventNames, multipliers, occurrences, weights);
        }
        return new Effects(config, eventNames, multipliers, occurrences, weights, expiry);
    }

    private void measureEvents(final Drivers drivers, final double[] y, final double[] fitted, final int n,
        final long startEpochDay, final byte[] daysToMonthEnd, final ExpiryEffect expiry, final String[] eventNames,
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
        final double[] usual = expiry.usualPoints();
        final double fullOccurrences = config.eventFullWeightOccurrences();
        final double fullUnits = config.eventFullWeightUnits();
        for (int round = 0; round < ROUNDS; round++)
        {
            Arrays.fill(actualUnits, 0);
            Arrays.fill(expectedUnits, 0);
            long previous = 0;
            for (int t = 0; t < n; t++)
            {
                final long epochDay = startEpochDay + t;
                final long mask = drivers.maskAt(epochDay);
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
                final double expected = f * expiry.factor(drivers, epochDay, daysToMonthEnd[t], usual);
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
