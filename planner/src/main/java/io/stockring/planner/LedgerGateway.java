package io.stockring.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * All the planner knows of the ledger: it reads stock and the location tree, and it changes
 * nothing except through commands the engine validates, journals and applies on its writer
 * thread. The server implements this over its engine; offline planning over a stock file.
 */
public interface LedgerGateway
{
    /** Where stock sits; {@code parent} is "" for the root. */
    record Location(String code, String parent, Kind kind)
    {
        public enum Kind
        {
            CENTRAL_WAREHOUSE, REGIONAL_WAREHOUSE, STORE, ONLINE_POOL
        }
    }

    /** A gift the catalog knows. */
    record Item(String sku, String name, String category)
    {
    }

    /** One (sku, location) entry as the ledger holds it now. */
    record Level(String sku, String location, long onHand, long reserved, long inTransit, long safetyStock,
        long reorderPoint, long lastOutboundMs)
    {
        public long available()
        {
            return onHand - reserved;
        }
    }

    List<Location> locations();

    List<Item> items();

    void forEachLevel(Consumer<Level> visitor);

    /** The levels of one sku at every location that holds it (a point read, not a scan, where the ledger can). */
    default List<Level> levelsOf(final String sku)
    {
        final List<Level> out = new ArrayList<>();
        forEachLevel(l ->
        {
            if (l.sku().equals(sku))
            {
                out.add(l);
            }
        });
        return out;
    }

    /** The outcome's code name ("OK", "UNKNOWN_SKU", ...). */
    CompletableFuture<String> setPolicy(String requestId, String sku, String location, long safetyStock,
        long reorderPoint);

    /** The outcome's code name. */
    CompletableFuture<String> transfer(String requestId, String sku, String from, String to, long quantity);

    /** False when decisions must not reach a ledger (offline planning over files). */
    default boolean writable()
    {
        return true;
    }
}
