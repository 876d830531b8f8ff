/**
 * The planner: the periodic half of stockring. It forecasts demand per (sku, location), turns
 * forecasts into stock policies (safety stock, reorder point, EOQ, ABC class), and suggests
 * purchases, transfers and clearance. Its decisions reach the ledger only as commands through
 * the engine's ring, so the core stays the single source of truth.
 */
package io.stockring.planner;
