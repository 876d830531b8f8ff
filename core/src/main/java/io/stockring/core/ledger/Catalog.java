package io.stockring.core.ledger;

import io.stockring.core.command.Command;
import io.stockring.core.command.LocationKind;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog of items and locations in heap memory: code to numeric id at the edge, id to
 * attributes for replies. A mirror of the ledger's persisted catalog maps, written only by the
 * writer thread (and by recovery before the ring starts), read by any thread.
 */
public final class Catalog
{
    /** An item (a gift) as the catalog knows it. */
    public record Item(int id, String code, String name, String category)
    {
    }

    /** A place that holds stock. {@code parentId} is 0 for a root. */
    public record Location(int id, String code, String name, LocationKind kind, int parentId)
    {
    }

    private final ConcurrentHashMap<String, Item> itemsByCode = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Location> locationsByCode = new ConcurrentHashMap<>();
    /** The edge's fast path for codes of up to 16 characters; the maps above answer the rest. */
    private final CodeIndex itemIds = new CodeIndex();
    private final CodeIndex locationIds = new CodeIndex();
    private volatile Item[] itemsById = new Item[16];
    private volatile Location[] locationsById = new Location[16];
    private volatile int maxItemId;
    private volatile int maxLocationId;

    /** @return the item's id, {@link Command#NO_ID} for null/empty, {@link Command#UNKNOWN_ID} if unknown */
    public int itemId(final String code)
    {
        if (code == null || code.isEmpty())
        {
            return Command.NO_ID;
        }
        final int id = itemIds.get(code);
        if (id != 0)
        {
            return id;
        }
        final Item item = itemsByCode.get(code);
        return item == null ? Command.UNKNOWN_ID : item.id();
    }

    /** @return the location's id, {@link Command#NO_ID} for null/empty, {@link Command#UNKNOWN_ID} if unknown */
    public int locationId(final String code)
    {
        if (code == null || code.isEmpty())
        {
            return Command.NO_ID;
        }
        final int id = locationIds.get(code);
        if (id != 0)
        {
            return id;
        }
        final Location location = locationsByCode.get(code);
        return location == null ? Command.UNKNOWN_ID : location.id();
    }

    public Item item(final int id)
    {
        final Item[] items = itemsById;
        return id > 0 && id < items.length ? items[id] : null;
    }

    public Location location(final int id)
    {
        final Location[] locations = locationsById;
        return id > 0 && id < locations.length ? locations[id] : null;
    }

    public Item item(final String code)
    {
        return itemsByCode.get(code);
    }

    public Location location(final String code)
    {
        return locationsByCode.get(code);
    }

    public int maxItemId()
    {
        return maxItemId;
    }

    public int maxLocationId()
    {
        return maxLocationId;
    }

    public int itemCount()
    {
        return itemsByCode.size();
    }

    public int locationCount()
    {
        return locationsByCode.size();
    }

    /** True when following parents from {@code parentId} reaches {@code locationId}. */
    public boolean isAncestorOrSelf(final int locationId, final int parentId)
    {
        int cursor = parentId;
        for (int hops = 0; cursor > 0 && hops <= maxLocationId; hops++)
        {
            if (cursor == locationId)
            {
                return true;
            }
            final Location l = location(cursor);
            cursor = l == null ? 0 : l.parentId();
        }
        return false;
    }

    void putItem(final Item item)
    {
        Item[] items = itemsById;
        if (item.id() >= items.length)
        {
            items = Arrays.copyOf(items, Math.max(item.id() + 1, items.length * 2));
        }
        items[item.id()] = item;
        itemsById = items;
        itemsByCode.put(item.code(), item);
        itemIds.put(item.code(), item.id());
        if (item.id() > maxItemId)
        {
            maxItemId = item.id();
        }
    }

    void putLocation(final Location location)
    {
        Location[] locations = locationsById;
        if (location.id() >= locations.length)
        {
            locations = Arrays.copyOf(locations, Math.max(location.id() + 1, locations.length * 2));
        }
        locations[location.id()] = location;
        locationsById = locations;
        locationsByCode.put(location.code(), location);
        locationIds.put(location.code(), location.id());
        if (location.id() > maxLocationId)
        {
            maxLocationId = location.id();
        }
    }
}
