package io.stockring.planner.forecast;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Driver effects of one series, as measured by the {@link EffectEstimator}: a demand multiplier per
 * event name seen in history, and an expiry elasticity. Applied to a base forecast they give the
 * forecast the planner uses.
 *
 * <pre>
 *   demand(t) = base(t) * product of multiplier(e) over events e active on t
 *                       * clamp(1 + elasticity * (expiry(t) / normaliser - 1), 0.5, 3)
 *   expiry(t) = mean points expiring per day over [t, t + lookahead)
 * </pre>
 *
 * Events not seen in history take their own default, else the configured one of their kind.
 * Immutable.
 */
public final class Effects
{
    static final double MULTIPLIER_MIN = 0.1;
    static final double MULTIPLIER_MAX = 20;
    static final double EXPIRY_FACTOR_MIN = 0.5;
    static final double EXPIRY_FACTOR_MAX = 3;

    private final ForecastConfig config;
    private final String[] eventNames;
    private final double[] multipliers;
    private final int[] occurrences;
    private final double[] weights;
    private final double expiryElasticity;
    private final boolean expiryElasticityMeasured;
    private final double expiryNormaliserPoints;

    Effects(final ForecastConfig config, final String[] eventNames, final double[] multipliers, final int[] occurrences,
        final double[] weights, final double expiryElasticity, final boolean expiryElasticityMeasured,
        final double expiryNormaliserPoints)
    {
        this.config = config;
        this.eventNames = eventNames;
        this.multipliers = multipliers;
        this.occurrences = occurrences;
        this.weights = weights;
        this.expiryElasticity = expiryElasticity;
        this.expiryElasticityMeasured = expiryElasticityMeasured;
        this.expiryNormaliserPoints = expiryNormaliserPoints;
    }

    /** Event names found in history, in the order of the history's drivers. */
    public int eventCount()
    {
        return eventNames.length;
    }

    public String eventName(final int i)
    {
        return eventNames[i];
    }

    /** The multiplier used for this event: measured, blended with the default by {@link #weight}. */
    public double multiplier(final int i)
    {
        return multipliers[i];
    }

    /** Separate past occurrences (runs of active days) of the event in history. */
    public int occurrences(final int i)
    {
        return occurrences[i];
    }

    /** Weight of the measurement against the default, 0 (default only) to 1 (measurement only). */
    public double weight(final int i)
    {
        return weights[i];
    }

    /** The multiplier of a history event, or NaN when history holds no such name. */
    public double multiplierOf(final String eventName)
    {
        final int i = indexOf(eventName);
        return i < 0 ? Double.NaN : multipliers[i];
    }

    /** The multiplier an occurrence gets: from history by name, else its default. */
    public double multiplierFor(final CalendarEvent event)
    {
        final int i = indexOf(event.name());
        return i < 0 ? config.defaultMultiplier(event) : multipliers[i];
    }

    /** Relative rise in demand per unit of normalised expiry; measured or the configured default. */
    public double expiryElasticity()
    {
        return expiryElasticity;
    }

    public boolean expiryElasticityMeasured()
    {
        return expiryElasticityMeasured;
    }

    /**
     * Multiplies {@code mean}, {@code lower} and {@code upper} (each indexed from {@code from}) by the
     * effect of the drivers in force on each day. {@code lower}/{@code upper} may be null.
     */
    public void applyTo(final Drivers future, final LocalDate from, final double[] mean, final double[] lower,
        final double[] upper)
    {
        Objects.requireNonNull(future, "future");
        final int days = mean.length;
        final long fromEpochDay = from.toEpochDay();
        final int names = future.nameCount();
        final double[] byKey = names == 0 ? null : new double[names];
        for (int k = 0; k < names; k++)
        {
            byKey[k] = multiplierFor(future.event(k));
        }
        final int lookahead = config.expiryLookaheadDays();
        double normaliser = expiryNormaliserPoints;
        if (future.hasExpiry() && expiryElasticity > 0 && Double.isNaN(normaliser))
        {
            normaliser = meanExpiry(future, fromEpochDay, days, lookahead);
        }
        final boolean expiry = future.hasExpiry() && expiryElasticity > 0 && normaliser > 0;
        if (byKey == null && !expiry)
        {
            return;
        }
        for (int t = 0; t < days; t++)
        {
            final long epochDay = fromEpochDay + t;
            double m = 1;
            for (long mask = future.maskAt(epochDay); mask != 0; mask &= mask - 1)
            {
                m *= byKey[Long.numberOfTrailingZeros(mask)];
            }
            if (expiry)
            {
                m *= expiryFactor(expiryElasticity, future.expiryMeanAhead(epochDay, lookahead), normaliser);
            }
            if (m != 1)
            {
                mean[t] *= m;
                if (lower != null)
                {
                    lower[t] *= m;
                    upper[t] *= m;
                }
            }
        }
    }

    /** 1 when expiry is unknown that day. */
    static double expiryFactor(final double elasticity, final double expiryPoints, final double normaliserPoints)
    {
        if (Double.isNaN(expiryPoints))
        {
            return 1;
        }
        final double f = 1 + elasticity * (expiryPoints / normaliserPoints - 1);
        return Math.min(EXPIRY_FACTOR_MAX, Math.max(EXPIRY_FACTOR_MIN, f));
    }

    /** Mean of the expiry feature over the days where it is known; NaN when nowhere. */
    static double meanExpiry(final Drivers drivers, final long fromEpochDay, final int days, final int lookahead)
    {
        double sum = 0;
        int count = 0;
        for (int t = 0; t < days; t++)
        {
            final double x = drivers.expiryMeanAhead(fromEpochDay + t, lookahead);
            if (!Double.isNaN(x))
            {
                sum += x;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private int indexOf(final String name)
    {
        for (int i = 0; i < eventNames.length; i++)
        {
            if (eventNames[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }
}
