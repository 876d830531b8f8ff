package io.stockring.planner.forecast;

/**
 * The Syntetos-Boylan demand classes. The frequency of demand (ADI, the average interval between
 * demand days) and the variability of its sizes (CV^2 of the non-zero days) decide which family of
 * methods fits: smoothing for frequent demand, Croston-type methods for intermittent demand.
 *
 * <pre>
 *                 CV^2 <= 0.49     CV^2 > 0.49
 *   ADI <= 1.32   SMOOTH           ERRATIC
 *   ADI >  1.32   INTERMITTENT     LUMPY
 * </pre>
 */
public enum DemandPattern
{
    SMOOTH,
    ERRATIC,
    INTERMITTENT,
    LUMPY;

    /** Syntetos-Boylan-Croston (2005) cut-off on the average inter-demand interval, in days. */
    public static final double ADI_CUTOFF_DAYS = 1.32;
    /** Syntetos-Boylan-Croston (2005) cut-off on the squared coefficient of variation of sizes. */
    public static final double CV2_CUTOFF = 0.49;

    public static DemandPattern classify(final double[] demand)
    {
        return DemandProfile.of(demand).pattern();
    }

    public static DemandPattern of(final double adiDays, final double cv2)
    {
        final boolean frequent = adiDays <= ADI_CUTOFF_DAYS;
        final boolean variable = cv2 > CV2_CUTOFF;
        if (frequent)
        {
            return variable ? ERRATIC : SMOOTH;
        }
        return variable ? LUMPY : INTERMITTENT;
    }

    /** Demand on most days: the smoothing family applies. */
    public boolean isFrequent()
    {
        return this == SMOOTH || this == ERRATIC;
    }
}
