package io.stockring.core.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads of the ledger by code, for any thread but the writer's: single entries, a sku's entries,
 * a scan of every entry, one reservation. Each read is a consistent copy of one record (its
 * checksum checked), never a view the writer could change under the caller; there is no
 * consistency across records. What a gRPC read, the planner's gateway and the metrics share,
 * in single-node and in replicated mode alike.
 */
public final class LedgerReads
{
    private final Ledger ledger;

    public LedgerReads(final Ledger ledger)
    {
        this.ledger = ledger;
    }

    public Catalog catalog()
    {
        return ledger.catalog();
    }

    /** The latest consistent level of one entry; empty if the sku, the location or the entry is unknown. */
    public Optional<StockLevel> stock(final String sku, final String location)
    {
        final Catalog.Item item = catalog().item(sku);
        final Catalog.Location loc = catalog().location(location);
        if (item == null || loc == null)
        {
            return Optional.empty();
        }
        final StockEntry e = new StockEntry();
        if (!ledger.readStock(item.id(), loc.id(), e))
        {
            return Optional.empty();
        }
        return Optional.of(level(item, loc, e));
    }

    /** The levels of one sku at every location that has an entry for it. */
    public List<StockLevel> stockOfSku(final String sku)
    {
        final Catalog.Item item = catalog().item(sku);
        final List<StockLevel> out = new ArrayList<>();
        if (item == null)
        {
            return out;
        }
        final StockEntry e = new StockEntry();
        for (int id = 1; id <= catalog().maxLocationId(); id++)
        {
            final Catalog.Location loc = catalog().location(id);
            if (loc != null && ledger.readStock(item.id(), id, e))
            {
                out.add(level(item, loc, e));
            }
        }
        return out;
    }

    private static StockLevel level(final Catalog.Item item, final Catalog.Location loc, final StockEntry e)
    {
        return new StockLevel(item.code(), loc.code(), e.onHand, e.reserved, e.inTransit, e.safetyStock,
            e.reorderPoint, e.lastOutboundMs, e.shippedTotal, e.seq);
    }

    /**
     * Every (sku, location) entry's current level, read from this (any non-writer) thread while
     * the engine runs: what the planner scans, at {@link ScanPace#BACKGROUND} unless someone waits.
     */
    public void forEachStockLevel(final Consumer<StockLevel> visitor, final ScanPace pace)
    {
        final Catalog catalog = catalog();
        ledger.forEachStockConcurrent(e ->
        {
            final Catalog.Item item = catalog.item(e.skuId());
            final Catalog.Location loc = catalog.location(e.locationId());
            if (item != null && loc != null)
            {
                visitor.accept(level(item, loc, e));
            }
        }, pace);
    }

    /** Whether a command with this request id was applied (its first outcome answers a retry); any thread. */
    public boolean isKnownRequest(final String requestId)
    {
        return ledger.hasRequest(requestId);
    }

    public Optional<ReservationView> reservation(final long id)
    {
        final ReservationRecord r = new ReservationRecord();
        if (id <= 0 || !ledger.readReservation(id, r))
        {
            return Optional.empty();
        }
        final List<ReservationView.Line> lines = new ArrayList<>(r.lineCount);
        for (int i = 0; i < r.lineCount; i++)
        {
            final Catalog.Item item = catalog().item(StockKeys.skuId(r.lineKeys[i]));
            final Catalog.Location loc = catalog().location(StockKeys.locationId(r.lineKeys[i]));
            lines.add(new ReservationView.Line(item == null ? "?" : item.code(), loc == null ? "?" : loc.code(),
                r.lineQuantities[i]));
        }
        return Optional.of(new ReservationView(r.id, r.channel(), r.state, r.createdAtMs, r.expiresAtMs,
            r.finishedAtMs, List.copyOf(lines)));
    }

}
