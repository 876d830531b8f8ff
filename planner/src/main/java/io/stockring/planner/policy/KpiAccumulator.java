package io.stockring.planner.policy;

/**
 * Sums gifts' activity into programme-wide KPIs. Ratios are taken of the sums (total outbound /
 * total average stock), not averaged per gift, so big gifts weigh by their size. Not thread-safe:
 * one planner thread fills it.
 */
public final class KpiAccumulator
{
    /** The scope name of programme-wide reports. */
    public static final String PROGRAMME = "programme";

    private final double windowDays;
    private final PolicyConfig config;
    private int items;
    private long outboundUnits;
    private double averageStockUnits;
    private long reserveRequests;
    private long reserveRejectedForStock;
    private long stockUnits;
    private long staleStockUnits;
    private double stockValue;
    private double staleStockValue;

    public KpiAccumulator(final double windowDays)
    {
        this(windowDays, PolicyConfig.defaults());
    }

    /**
     * @param windowDays the window every added activity covers
     * @param config     the KPI bands
     */
    public KpiAccumulator(final double windowDays, final PolicyConfig config)
    {
        this.windowDays = Checks.positive(windowDays, "windowDays");
        this.config = Checks.notNull(config, "config");
    }

    /**
     * Adds one gift and returns its own report.
     */
    public KpiReport add(final ItemActivity activity)
    {
        final KpiReport report = Kpis.evaluate(activity, windowDays, config);
        items++;
        outboundUnits = Math.addExact(outboundUnits, activity.outboundUnits());
        averageStockUnits += activity.averageStockUnits();
        reserveRequests = Math.addExact(reserveRequests, activity.reserveRequests());
        reserveRejectedForStock = Math.addExact(reserveRejectedForStock, activity.reserveRejectedForStock());
        stockUnits = Math.addExact(stockUnits, activity.stockUnits());
        staleStockUnits = Math.addExact(staleStockUnits, activity.staleStockUnits());
        stockValue += activity.stockValue();
        staleStockValue += activity.staleStockValue();
        return report;
    }

    /** How many gifts were added. */
    public int items()
    {
        return items;
    }

    /** The programme-wide KPIs over everything added so far. */
    public KpiReport report()
    {
        return Kpis.report(PROGRAMME, windowDays, outboundUnits, averageStockUnits, reserveRequests,
            reserveRejectedForStock, stockUnits, staleStockUnits, stockValue, staleStockValue, config);
    }
}
