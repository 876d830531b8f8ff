/**
 * Stock policies for a points-redemption programme: ABC classes, safety stock, reorder point,
 * EOQ and order-up-to levels per (sku, location), and the suggestions built on them: purchases,
 * initial allocation with a central reserve, transfers between locations, overstock clearance,
 * and the stock KPIs.
 *
 * <pre>
 *   demand stats + ItemEconomics + AbcClass --PolicyCalculator--> StockPolicy (SS, ROP, EOQ, S)
 *   StockPolicy + InventoryPosition        --PurchaseSuggester--> PurchaseSuggestion
 *   LocationStock per location             --Rebalancer-------->  TransferSuggestion
 * </pre>
 *
 * Everything here is plain arithmetic over numbers the caller supplies: no I/O, no clocks, no
 * threads, no shared mutable state. It runs on planner threads, never on the engine's writer, so it
 * favours clarity over allocation-free code. Units are in the names: {@code Days}, {@code Units}
 * (whole pieces), {@code PerYear}; money is in the programme's currency, points are whole points.
 * Bad input is a bug in the caller and fails with an {@link java.lang.IllegalArgumentException}
 * that names the argument.
 */
package io.stockring.planner.policy;
