package io.stockring.server.planning;

import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.StockLevel;
import io.stockring.engine.Engine;
import io.stockring.planner.LedgerGateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The planner's view of the engine: reads through the engine's concurrent readers, writes only
 * by submitting commands to the ring, exactly as a channel backend would.
 */
public final class EngineLedgerGateway implements LedgerGateway
{
    private final Engine engine;

    public EngineLedgerGateway(final Engine engine)
    {
        this.engine = engine;
    }

    @Override
    public List<Location> locations()
    {
        final Catalog catalog = engine.catalog();
        final List<Location> out = new ArrayList<>();
        for (int id = 1; id <= catalog.maxLocationId(); id++)
        {
            final Catalog.Location l = catalog.location(id);
            if (l != null)
            {
                final Catalog.Location parent = l.parentId() == 0 ? null : catalog.location(l.parentId());
                out.add(new Location(l.code(), parent == null ? "" : parent.code(),
                    Location.Kind.valueOf(l.kind().name())));
            }
        }
        return out;
    }

    @Override
    public List<Item> items()
    {
        final Catalog catalog = engine.catalog();
        final List<Item> out = new ArrayList<>();
        for (int id = 1; id <= catalog.maxItemId(); id++)
        {
            final Catalog.Item i = catalog.item(id);
            if (i != null)
            {
                out.add(new Item(i.code(), i.name(), i.category()));
            }
        }
        return out;
    }

    @Override
    public void forEachLevel(final Consumer<Level> visitor)
    {
        engine.forEachStockLevel(l -> visitor.accept(level(l)));
    }

    @Override
    public List<Level> levelsOf(final String sku)
    {
        final List<Level> out = new ArrayList<>();
        engine.stockOfSku(sku).forEach(l -> out.add(level(l)));
        return out;
    }

    private static Level level(final StockLevel l)
    {
        return new Level(l.sku(), l.location(), l.onHand(), l.reserved(), l.inTransit(), l.safetyStock(),
            l.reorderPoint(), l.lastOutboundMs());
    }

    @Override
    public CompletableFuture<String> setPolicy(final String requestId, final String sku, final String location,
        final long safetyStock, final long reorderPoint)
    {
        return engine.setPolicy(requestId, sku, location, safetyStock, reorderPoint).thenApply(o -> o.code().name());
    }

    @Override
    public CompletableFuture<String> transfer(final String requestId, final String sku, final String from,
        final String to, final long quantity)
    {
        return engine.transfer(requestId, sku, from, to, quantity).thenApply(o -> o.code().name());
    }
}
