package io.stockring.planner.forecast;

/**
 * Scratch arrays for one series at a time, grown as needed and reused across series so that the
 * per-series work allocates only its results. Owned by one thread: a {@link Forecaster} holds one;
 * the stand-alone {@link ForecastMethod#forecast} path makes a fresh one per call.
 *
 * <p>{@link #prepare} fills the per-day calendar and event mask of a series; every method and the
 * backtest then read them by day index (day 0 = the series' first day).
 */
final class Workspace
{
    static final int MAX_GRID = 16;

    byte[] weekday = new byte[0];
    byte[] monthPosition = new byte[0];
    byte[] daysToMonthEnd = new byte[0];
    /** Days of history under an event: models neither learn from them nor are scored on them. */
    boolean[] eventDay = new boolean[0];
    boolean hasEventDays;

    /** Seasonal multiplier per day (weekday factor x month-position factor), history and horizon. */
    double[] seasonal = new double[0];
    double[] cleaned = new double[0];
    /** Demand divided by its expiry factor, for the joint expiry fit of {@link ForecastPipeline}. */
    double[] deflated = new double[0];
    double[] prefixSum = new double[0];
    double[] prefixCount = new double[0];
    double[] reference = new double[0];
    double[] fitted = new double[0];
    double[] sizes = new double[0];
    double[] backtestMean = new double[0];

    final double[] weekdayFactor = new double[DayCalendar.WEEKDAYS];
    final double[] monthFactor = new double[DayCalendar.MONTH_POSITIONS];
    final double[] numerator = new double[DayCalendar.WEEKDAYS];
    final double[] denominator = new double[DayCalendar.WEEKDAYS];
    final double[] weight = new double[DayCalendar.WEEKDAYS];
    final double[] state = new double[8];
    /**
     * Per-candidate state of a grid search run in one loop: squared error sums, and up to three state
     * variables (level and trend; size, interval and rate; size and probability).
     */
    final double[] gridSse = new double[MAX_GRID];
    final double[] gridA = new double[MAX_GRID];
    final double[] gridB = new double[MAX_GRID];
    final double[] gridC = new double[MAX_GRID];
    /** Days a grid search scored; -1 when a Croston-type grid found no demand at all. */
    int gridScoredDays;

    int[] origins = new int[0];
    int originCount;
    /** During a backtest, the grid candidate a model keeps for every origin; -1 outside one. */
    int fixedCandidate = -1;
    double maseScale;

    /** Readies the calendar and event mask for {@code series} plus {@code horizonDays} days after it. */
    void prepare(final DemandSeries series, final int horizonDays)
    {
        final int n = series.days();
        final int days = n + horizonDays;
        ensure(days);
        DayCalendar.fill(series.start(), days, weekday, monthPosition, daysToMonthEnd);
        final Drivers drivers = series.drivers();
        final long startEpochDay = series.start().toEpochDay();
        boolean any = false;
        for (int t = 0; t < n; t++)
        {
            final boolean event = drivers.maskAt(startEpochDay + t) != 0;
            eventDay[t] = event;
            any |= event;
        }
        hasEventDays = any;
    }

    /** The event-day mask, or null when the series has no event days (the common, faster case). */
    boolean[] skipMask()
    {
        return hasEventDays ? eventDay : null;
    }

    double[] backtestMean(final int horizonDays)
    {
        if (backtestMean.length < horizonDays)
        {
            backtestMean = new double[horizonDays];
        }
        return backtestMean;
    }

    int[] origins(final int count)
    {
        if (origins.length < count)
        {
            origins = new int[count];
        }
        return origins;
    }

    private void ensure(final int days)
    {
        if (weekday.length >= days + 1)
        {
            return;
        }
        final int capacity = Math.max(days + 1, weekday.length + (weekday.length >> 1));
        weekday = new byte[capacity];
        monthPosition = new byte[capacity];
        daysToMonthEnd = new byte[capacity];
        eventDay = new boolean[capacity];
        seasonal = new double[capacity];
        cleaned = new double[capacity];
        deflated = new double[capacity];
        prefixSum = new double[capacity];
        prefixCount = new double[capacity];
        reference = new double[capacity];
        fitted = new double[capacity];
        sizes = new double[capacity];
    }
}
