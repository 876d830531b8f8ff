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
 *                       * clamp(1 + elasticity * (expiry(t) / usual expiry at that point of the month - 1), 0.5, 3)
 *   expiry(t) = mean points expiring per day over [t, t + lookahead)
 * </pre>
 *
 * Events not seen in history take their own default, else the configured one of their kind. When
 * history had no expiry data, the usual expiry is taken from the forecast days themselves. Immutable.
 */
public final class Effects
{
    static final double MULTIPLIER_MIN = 0.1;
    static final double MULTIPLIER_MAX = 20;

    private final ForecastConfig config;
    private final String[] eventNames;
    private final double[] multipliers;
    private final int[] occurrences;
    private final double[] weights;
    private final ExpiryEffect expiry;

    Effects(final ForecastConfig config, final String[] eventNames, final double[] multipliers, final int[] occurrences,
        final double[] weights, final ExpiryEffect expiry)
    {
        this.config = config;
        this.eventNames = eventNames;
        this.multipliers = multipliers;
        this.occurrences = occurrences;
        this.weights = weights;
        this.expiry = expiry;
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

    /**
     * Relative rise in demand per unit of relative excess of expiring points over the usual at that
     * point of the month; measured or the configured default.
     */
    public double expiryElasticity()
    {
        return expiry.elasticity();
    }

    public boolean expiryElasticityMeasured()
    {
        return expiry.measured();
    }

    /**
     * Multiplies {@code mean}, {@code lower} and {@code upper} (day 0 = {@code from}) by the effect of
     * the drivers in force on each day. {@code lower} and {@code upper} may be null.
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
        byte[] daysToMonthEnd = null;
        double[] usual = null;
        if (future.hasExpiry() && expiry.elasticity() > 0)
        {
            daysToMonthEnd = DayCalendar.daysToMonthEnd(from, days);
            usual = expiry.usualPoints() != null ? expiry.usualPoints()
                : ExpiryEffect.usualPoints(future, fromEpochDay, days, daysToMonthEnd, expiry.lookaheadDays());
        }
        if (byKey == null && usual == null)
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
            if (usual != null)
            {
                m *= expiry.factor(future, epochDay, daysToMonthEnd[t], usual);
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
