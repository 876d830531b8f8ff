package io.stockring.planner.policy;

/** A KPI outside its band (thresholds in {@link PolicyConfig}). */
public enum KpiFlag
{
    /** Fewer turns a year than the minimum (1): stock sits, overstock risk. */
    OVERSTOCK_RISK_LOW_TURNOVER,
    /** More turns a year than the maximum (12): stock runs thin, stockout risk. */
    STOCKOUT_RISK_HIGH_TURNOVER,
    /** More reserve requests refused for stock than allowed (5%). */
    STOCKOUT_RATE_HIGH,
    /** More stock without outbound for 180 days than allowed (20% of units): start a clearance plan. */
    OVERSTOCK_RATE_HIGH
}
