package io.stockring.planner.forecast;

/**
 * Every setting of the forecasting package in one place, checked by {@link #validate()} (which the
 * {@link Forecaster} calls when built). Fluent setters; the defaults suit a daily planning run over
 * one to two years of history. Do not change an instance after handing it over.
 *
 * <pre>
 *   horizonDays=90               intervalLevel=0.90          minHistoryDays=14
 *   backtestOrigins=4            backtestSpacingDays=14      backtestHorizonDays=28   backtestMinTrainDays=28
 *   holidayMultiplier=1.5        promotionMultiplier=2.0     (SEED 1.3: holiday weight 1.5, promotion 2.0)
 *   eventFullWeightOccurrences=2 eventFullWeightUnits=20
 *   expiryElasticity=0.2         expiryElasticityMax=2.0     expiryLookaheadDays=7
 *   dampedTrend=true             sbaPreferenceMargin=0.02
 * </pre>
 */
public final class ForecastConfig
{
    private int horizonDays = 90;
    private double intervalLevel = 0.90;
    private int minHistoryDays = 14;
    private int backtestOrigins = 4;
    private int backtestSpacingDays = 14;
    private int backtestHorizonDays = 28;
    private int backtestMinTrainDays = 28;
    private double holidayMultiplier = 1.5;
    private double promotionMultiplier = 2.0;
    private int eventFullWeightOccurrences = 2;
    private double eventFullWeightUnits = 20;
    private double expiryElasticity = 0.2;
    private double expiryElasticityMax = 2.0;
    private int expiryLookaheadDays = 7;
    private boolean dampedTrend = true;
    private double sbaPreferenceMargin = 0.02;

    /** A fresh instance with the defaults. */
    public static ForecastConfig defaults()
    {
        return new ForecastConfig();
    }

    public ForecastConfig validate()
    {
        require(horizonDays >= 1, "horizonDays must be >= 1: " + horizonDays);
        require(intervalLevel > 0.5 && intervalLevel < 1, "intervalLevel must be in (0.5, 1): " + intervalLevel);
        require(minHistoryDays >= SeasonalNaive.SEASON_DAYS,
            "minHistoryDays must be >= " + SeasonalNaive.SEASON_DAYS + ": " + minHistoryDays);
        require(backtestOrigins >= 1, "backtestOrigins must be >= 1: " + backtestOrigins);
        require(backtestSpacingDays >= 1, "backtestSpacingDays must be >= 1: " + backtestSpacingDays);
        require(backtestHorizonDays >= 1, "backtestHorizonDays must be >= 1: " + backtestHorizonDays);
        require(backtestMinTrainDays >= 2 * SeasonalNaive.SEASON_DAYS,
            "backtestMinTrainDays must be >= " + 2 * SeasonalNaive.SEASON_DAYS + ": " + backtestMinTrainDays);
        require(positiveFinite(holidayMultiplier), "holidayMultiplier must be > 0: " + holidayMultiplier);
        require(positiveFinite(promotionMultiplier), "promotionMultiplier must be > 0: " + promotionMultiplier);
        require(eventFullWeightOccurrences >= 1, "eventFullWeightOccurrences must be >= 1: " + eventFullWeightOccurrences);
        require(positiveFinite(eventFullWeightUnits), "eventFullWeightUnits must be > 0: " + eventFullWeightUnits);
        require(expiryElasticityMax >= 0 && expiryElasticityMax <= 10,
            "expiryElasticityMax must be in [0, 10]: " + expiryElasticityMax);
        require(expiryElasticity >= 0 && expiryElasticity <= expiryElasticityMax,
            "expiryElasticity must be in [0, expiryElasticityMax]: " + expiryElasticity);
        require(expiryLookaheadDays >= 1, "expiryLookaheadDays must be >= 1: " + expiryLookaheadDays);
        require(sbaPreferenceMargin >= 0 && sbaPreferenceMargin < 1,
            "sbaPreferenceMargin must be in [0, 1): " + sbaPreferenceMargin);
        return this;
    }

    /** Days the planning run forecasts. */
    public int horizonDays()
    {
        return horizonDays;
    }

    public ForecastConfig horizonDays(final int value)
    {
        horizonDays = value;
        return this;
    }

    /** Central probability of each day's prediction interval. */
    public double intervalLevel()
    {
        return intervalLevel;
    }

    public ForecastConfig intervalLevel(final double value)
    {
        intervalLevel = value;
        return this;
    }

    /** Below this many days of history the forecast is the historical mean with a wide interval. */
    public int minHistoryDays()
    {
        return minHistoryDays;
    }

    public ForecastConfig minHistoryDays(final int value)
    {
        minHistoryDays = value;
        return this;
    }

    /** Rolling origins per backtest (fewer when history is short). */
    public int backtestOrigins()
    {
        return backtestOrigins;
    }

    public ForecastConfig backtestOrigins(final int value)
    {
        backtestOrigins = value;
        return this;
    }

    /** Days between consecutive backtest origins. */
    public int backtestSpacingDays()
    {
        return backtestSpacingDays;
    }

    public ForecastConfig backtestSpacingDays(final int value)
    {
        backtestSpacingDays = value;
        return this;
    }

    /** Days forecast from each backtest origin. */
    public int backtestHorizonDays()
    {
        return backtestHorizonDays;
    }

    public ForecastConfig backtestHorizonDays(final int value)
    {
        backtestHorizonDays = value;
        return this;
    }

    /** An origin needs at least this many days before it. */
    public int backtestMinTrainDays()
    {
        return backtestMinTrainDays;
    }

    public ForecastConfig backtestMinTrainDays(final int value)
    {
        backtestMinTrainDays = value;
        return this;
    }

    /** Multiplier of a holiday never seen in history (SEED: weight 1.5). */
    public double holidayMultiplier()
    {
        return holidayMultiplier;
    }

    public ForecastConfig holidayMultiplier(final double value)
    {
        holidayMultiplier = value;
        return this;
    }

    /** Multiplier of a promotion never seen in history (SEED: weight 2.0). */
    public double promotionMultiplier()
    {
        return promotionMultiplier;
    }

    public ForecastConfig promotionMultiplier(final double value)
    {
        promotionMultiplier = value;
        return this;
    }

    /** Past occurrences of an event at which its measured multiplier gets full weight over the default. */
    public int eventFullWeightOccurrences()
    {
        return eventFullWeightOccurrences;
    }

    public ForecastConfig eventFullWeightOccurrences(final int value)
    {
        eventFullWeightOccurrences = value;
        return this;
    }

    /**
     * Expected base units over an event's past days at which its measurement gets full weight: a
     * ratio over two expected units says little.
     */
    public double eventFullWeightUnits()
    {
        return eventFullWeightUnits;
    }

    public ForecastConfig eventFullWeightUnits(final double value)
    {
        eventFullWeightUnits = value;
        return this;
    }

    /**
     * Relative rise in demand per unit of relative excess expiry (points expiring over the next days
     * divided by the usual at that distance from the month end, minus 1) when history cannot measure it.
     */
    public double expiryElasticity()
    {
        return expiryElasticity;
    }

    public ForecastConfig expiryElasticity(final double value)
    {
        expiryElasticity = value;
        return this;
    }

    /** Upper clamp of a measured expiry elasticity (the lower clamp is 0: expiry never lowers demand). */
    public double expiryElasticityMax()
    {
        return expiryElasticityMax;
    }

    public ForecastConfig expiryElasticityMax(final double value)
    {
        expiryElasticityMax = value;
        return this;
    }

    /** Days ahead whose expiring points raise today's demand. */
    public int expiryLookaheadDays()
    {
        return expiryLookaheadDays;
    }

    public ForecastConfig expiryLookaheadDays(final int value)
    {
        expiryLookaheadDays = value;
        return this;
    }

    /** Whether seasonal smoothing may pick a damped trend (penalised, so only when it pays). */
    public boolean dampedTrend()
    {
        return dampedTrend;
    }

    public ForecastConfig dampedTrend(final boolean value)
    {
        dampedTrend = value;
        return this;
    }

    /**
     * For intermittent series SBA is kept unless Croston or TSB backtest better by more than this
     * fraction of SBA's MASE: SBA is the better-founded default, small wins are noise.
     */
    public double sbaPreferenceMargin()
    {
        return sbaPreferenceMargin;
    }

    public ForecastConfig sbaPreferenceMargin(final double value)
    {
        sbaPreferenceMargin = value;
        return this;
    }

    /** The configured multiplier of a kind, for events without their own default. */
    public double defaultMultiplier(final CalendarEvent.Kind kind)
    {
        return kind == CalendarEvent.Kind.HOLIDAY ? holidayMultiplier : promotionMultiplier;
    }

    /** The event's own default, else the configured one for its kind. */
    public double defaultMultiplier(final CalendarEvent event)
    {
        final double own = event.defaultMultiplier();
        return Double.isNaN(own) ? defaultMultiplier(event.kind()) : own;
    }

    private static boolean positiveFinite(final double v)
    {
        return v > 0 && v < Double.POSITIVE_INFINITY;
    }

    private static void require(final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
