package io.stockring.ledger;

import io.stockring.engine.LocationKind;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.values.Values;
import org.agrona.collections.Long2LongHashMap;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stock ledger: persisted, off-heap Chronicle Maps, one per kind of record, plus the
 * writer's progress file. Values are fixed-size flyweights updated in place (see
 * {@link StockEntry}, {@link ReservationRecord}, {@link IdempotencyRecord}).
 *
 * <pre>
 *   stock.cm        (sku id, location id) -> StockEntry          two versions per entry
 *   reservations.cm reservation id        -> ReservationRecord
 *   requests.cm     client request id     -> IdempotencyRecord
 *   items.cm        sku code              -> CatalogValue
 *   locations.cm    location code         -> CatalogValue
 *   progress.dat    applied seq and programme totals
 * </pre>
 *
 * <p>Thread model: the writer thread alone mutates, through the {@code writer*} flyweights.
 * Any thread may read single stock entries and reservations ({@link #readStock},
 * {@link #readReservation}): each read copies a version and checks its checksum.
 *
 * <p>Chronicle's own entry checksums are off: {@code recoverPersistedTo} would drop an entry
 * whose checksum fails, which for us would be a lost stock row. Our records carry their own.
 */
public final class Ledger implements AutoCloseable
{
    public static final String STOCK_FILE = "stock.cm";
    public static final String RESERVATIONS_FILE = "reservations.cm";
    public static final String REQUESTS_FILE = "requests.cm";
    public static final String ITEMS_FILE = "items.cm";
    public static final String LOCATIONS_FILE = "locations.cm";
    public static final String PROGRESS_FILE = "progress.dat";
    public static final List<String> FILES =
        List.of(STOCK_FILE, RESERVATIONS_FILE, REQUESTS_FILE, ITEMS_FILE, LOCATIONS_FILE, PROGRESS_FILE);

    private static final int MAX_STOCK_VIEWS = 16;

    private final Path dir;
    private final LedgerCapacity capacity;
    private final ChronicleMap<LongValue, StockWords> stock;
    private final ChronicleMap<LongValue, ReservationWords> reservations;
    private final ChronicleMap<RequestKey, IdempotencyWords> requests;
    private final ChronicleMap<CharSequence, CatalogValue> items;
    private final ChronicleMap<CharSequence, CatalogValue> locations;
    private final LedgerProgress progress;
    private final Catalog catalog = new Catalog();

    // Writer-thread flyweights and keys.
    private final LongValue writerKey = Values.newHeapInstance(LongValue.class);
    private final RequestKey writerRequestKey = Values.newHeapInstance(RequestKey.class);
    private final StockEntry[] writerStock = new StockEntry[MAX_STOCK_VIEWS];
    private final ReservationRecord writerReservation = new ReservationRecord();
    private final IdempotencyRecord writerRequest = new IdempotencyRecord();
    private final CatalogValue writerCatalog = Values.newNativeReference(CatalogValue.class);
    private final StockWords writerStockRef = Values.newNativeReference(StockWords.class);
    private final ReservationWords writerReservationRef = Values.newNativeReference(ReservationWords.class);
    private final IdempotencyWords writerRequestRef = Values.newNativeReference(IdempotencyWords.class);

    /**
     * Where each stock entry's value lives, for the writer: entries are never removed and never
     * move (constant-size values), so after the first look-up the writer reaches an entry
     * without a map operation. Writer thread only; filled lazily.
     */
    private final Long2LongHashMap stockAddresses = new Long2LongHashMap(NO_ADDRESS);
    /** The same for reservations the writer created or read, until it purges them. */
    private final Long2LongHashMap reservationAddresses = new Long2LongHashMap(NO_ADDRESS);
    private static final long NO_ADDRESS = 0;

    private long stockCount;
    private long reservationCount;
    private long requestCount;

    private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(Reader::new);

    private Ledger(final Path dir, final LedgerCapacity capacity, final boolean recover) throws IOException
    {
        this.dir = dir;
        this.capacity = capacity;
        Files.createDirectories(dir);
        stock = open(ChronicleMapBuilder.of(LongValue.class, StockWords.class)
            .name("stock").entries(capacity.stockEntries()), STOCK_FILE, recover);
        reservations = open(ChronicleMapBuilder.of(LongValue.class, ReservationWords.class)
            .name("reservations").entries(capacity.reservations()), RESERVATIONS_FILE, recover);
        requests = open(ChronicleMapBuilder.of(RequestKey.class, IdempotencyWords.class)
            .name("requests").entries(capacity.requestIds()), REQUESTS_FILE, recover);
        items = open(ChronicleMapBuilder.of(CharSequence.class, CatalogValue.class)
            .name("items").entries(capacity.items()).averageKeySize(16), ITEMS_FILE, recover);
        locations = open(ChronicleMapBuilder.of(CharSequence.class, CatalogValue.class)
            .name("locations").entries(capacity.locations()).averageKeySize(12), LOCATIONS_FILE, recover);
        progress = new LedgerProgress(dir.resolve(PROGRESS_FILE));
        for (int i = 0; i < MAX_STOCK_VIEWS; i++)
        {
            writerStock[i] = new StockEntry();
        }
        stockCount = stock.longSize();
        reservationCount = reservations.longSize();
        requestCount = requests.longSize();
    }

    /**
     * Opens (or creates) the ledger in {@code dir}.
     *
     * @param recover true after an unclean stop: Chronicle's {@code recoverPersistedTo} clears
     *                segment locks a dead process left behind
     */
    public static Ledger open(final Path dir, final LedgerCapacity capacity, final boolean recover) throws IOException
    {
        return new Ledger(dir, capacity, recover);
    }

    private <K, V> ChronicleMap<K, V> open(final ChronicleMapBuilder<K, V> builder, final String fileName,
        final boolean recover) throws IOException
    {
        final File file = dir.resolve(fileName).toFile();
        // We close the maps ourselves, after the writer has stopped: Chronicle's own exit hook
        // could close them under a writer that is still applying commands.
        builder.checksumEntries(false).maxBloatFactor(1.5).skipCloseOnExitHook(true);
        return recover && file.exists() ? builder.recoverPersistedTo(file, true) : builder.createPersistedTo(file);
    }

    public Path dir()
    {
        return dir;
    }

    public LedgerCapacity capacity()
    {
        return capacity;
    }

    public Catalog catalog()
    {
        return catalog;
    }

    public LedgerProgress progress()
    {
        return progress;
    }

    public long stockCount()
    {
        return stockCount;
    }

    public long reservationCount()
    {
        return reservationCount;
    }

    public long requestCount()
    {
        return requestCount;
    }

    // ------------------------------------------------------------------ writer side

    /** One of the writer's stock views; a command uses a distinct index per distinct entry. */
    StockEntry writerStock(final int index)
    {
        return writerStock[index];
    }

    static int maxStockViews()
    {
        return MAX_STOCK_VIEWS;
    }

    /**
     * Points {@code view} at the entry for {@code key} and loads its version before {@code beforeSeq}.
     *
     * @param create insert the entry if absent (false: an absent entry stays absent, loaded as zero)
     * @return false when the entry is absent and was not created (or there is no room for it)
     */
    boolean loadStock(final StockEntry view, final long key, final long beforeSeq, final boolean create)
    {
        view.key = key;
        final long known = stockAddresses.get(key);
        if (known != NO_ADDRESS)
        {
            view.bind(known, StockEntry.WORDS);
            view.load(beforeSeq);
            return true;
        }
        writerKey.setValue(key);
        if (stock.getUsing(writerKey, writerStockRef) == null)
        {
            if (!create || stockCount >= capacity.stockEntries())
            {
                view.loadAbsent();
                return false;
            }
            stock.acquireUsing(writerKey, writerStockRef);
            stockCount++;
        }
        stockAddresses.put(key, view.bind(writerStockRef, StockEntry.WORDS));
        view.load(beforeSeq);
        return true;
    }

    boolean hasRoomForStock()
    {
        return stockCount < capacity.stockEntries();
    }

    ReservationRecord writerReservation()
    {
        return writerReservation;
    }

    boolean loadReservation(final long id, final long beforeSeq)
    {
        final long known = reservationAddresses.get(id);
        if (known != NO_ADDRESS)
        {
            writerReservation.bind(known, ReservationRecord.WORDS);
            return writerReservation.load(beforeSeq);
        }
        writerKey.setValue(id);
        if (reservations.getUsing(writerKey, writerReservationRef) == null)
        {
            return false;
        }
        reservationAddresses.put(id, writerReservation.bind(writerReservationRef, ReservationRecord.WORDS));
        return writerReservation.load(beforeSeq);
    }

    boolean hasRoomForReservation()
    {
        return reservationCount < capacity.reservations();
    }

    /**
     * Inserts (or finds, in a redo) the record of reservation {@code id} and points the writer
     * view at it: one map operation, since a new id is the common case.
     */
    ReservationRecord acquireReservation(final long id)
    {
        writerKey.setValue(id);
        reservations.acquireUsing(writerKey, writerReservationRef);
        reservationAddresses.put(id, writerReservation.bind(writerReservationRef, ReservationRecord.WORDS));
        if (writerReservation.isBlank())
        {
            reservationCount++;
        }
        return writerReservation;
    }

    void removeReservation(final long id)
    {
        reservationAddresses.remove(id);
        writerKey.setValue(id);
        if (removeQuietly(reservations, writerKey))
        {
            reservationCount--;
        }
    }

    /**
     * Removes without materialising the old value: {@code ChronicleMap.remove} returns it as a new
     * heap object, an allocation per purged record on the writer thread.
     */
    private static <K, V> boolean removeQuietly(final ChronicleMap<K, V> map, final K key)
    {
        try (ExternalMapQueryContext<K, V, ?> c = map.queryContext(key))
        {
            c.updateLock().lock();
            final MapEntry<K, V> entry = c.entry();
            if (entry == null)
            {
                return false;
            }
            c.remove(entry);
            return true;
        }
    }

    IdempotencyRecord writerRequest()
    {
        return writerRequest;
    }

    boolean hasRoomForRequest()
    {
        return requestCount < capacity.requestIds();
    }

    /**
     * Points the writer's request view at the record for {@code requestId}, inserting an empty
     * (invalid) one when absent, so that the look-up and the later store cost one map operation.
     */
    IdempotencyRecord acquireRequest(final long keyHi, final long keyLo)
    {
        writerRequestKey.setHi(keyHi);
        writerRequestKey.setLo(keyLo);
        requests.acquireUsing(writerRequestKey, writerRequestRef);
        writerRequest.bind(writerRequestRef, IdempotencyRecord.WORDS);
        if (writerRequest.word(0) == 0 && writerRequest.word(IdempotencyRecord.WORDS - 1) == 0)
        {
            requestCount++;
        }
        return writerRequest;
    }

    /** Removes an empty record left by {@link #acquireRequest} for an outcome that is not remembered. */
    void removeRequest(final long keyHi, final long keyLo)
    {
        writerRequestKey.setHi(keyHi);
        writerRequestKey.setLo(keyLo);
        if (removeQuietly(requests, writerRequestKey))
        {
            requestCount--;
        }
    }

    /** Looks up a request's record without inserting (for reads and retention). */
    boolean loadRequest(final long keyHi, final long keyLo, final long beforeSeq)
    {
        writerRequestKey.setHi(keyHi);
        writerRequestKey.setLo(keyLo);
        if (requests.getUsing(writerRequestKey, writerRequestRef) == null)
        {
            return false;
        }
        writerRequest.bind(writerRequestRef, IdempotencyRecord.WORDS);
        return writerRequest.load(beforeSeq);
    }

    /**
     * Creates or updates an item as of {@code seq}.
     *
     * @return the item's id: the existing one on update, {@code newId} on create
     */
    int upsertItem(final String code, final String name, final String category, final int newId, final long seq)
    {
        final int id = upsertCatalog(items, code, newId, seq, name, category, 0, 0);
        catalog.putItem(new Catalog.Item(id, code, name, category));
        return id;
    }

    int upsertLocation(final String code, final String name, final LocationKind kind, final int parentId,
        final int newId, final long seq)
    {
        final int id = upsertCatalog(locations, code, newId, seq, name, "", kind.ordinal(), parentId);
        catalog.putLocation(new Catalog.Location(id, code, name, kind, parentId));
        return id;
    }

    /** Id of an existing catalog entry created before {@code beforeSeq}, or 0. */
    int existingItemId(final String code, final long beforeSeq)
    {
        return existingId(items, code, beforeSeq);
    }

    int existingLocationId(final String code, final long beforeSeq)
    {
        return existingId(locations, code, beforeSeq);
    }

    private int existingId(final ChronicleMap<CharSequence, CatalogValue> map, final String code, final long beforeSeq)
    {
        if (map.getUsing(code, writerCatalog) == null || !CatalogRecords.isIdValid(writerCatalog))
        {
            return 0;
        }
        return writerCatalog.getCreatedSeq() < beforeSeq ? (int)writerCatalog.getId() : 0;
    }

    private int upsertCatalog(final ChronicleMap<CharSequence, CatalogValue> map, final String code, final int newId,
        final long seq, final String name, final String category, final int kind, final int parentId)
    {
        map.acquireUsing(code, writerCatalog);
        final int id;
        if (CatalogRecords.isIdValid(writerCatalog) && writerCatalog.getCreatedSeq() <= seq)
        {
            id = (int)writerCatalog.getId();
        }
        else
        {
            id = newId;
            CatalogRecords.writeId(writerCatalog, id, seq);
        }
        if (!(CatalogRecords.isAttributesValid(writerCatalog) && writerCatalog.getSeq() >= seq))
        {
            CatalogRecords.writeAttributes(writerCatalog, seq, name, category, kind, parentId);
        }
        return id;
    }

    // ------------------------------------------------------------------ readers (any thread)

    /**
     * Copies the latest consistent version of one stock entry into {@code out}.
     *
     * @return false if there is no such entry
     */
    public boolean readStock(final int skuId, final int locationId, final StockEntry out)
    {
        final Reader reader = readers.get();
        final long key = StockKeys.of(skuId, locationId);
        reader.key.setValue(key);
        if (stock.getUsing(reader.key, reader.stockRef) == null)
        {
            return false;
        }
        reader.stock.bind(reader.stockRef, StockEntry.WORDS);
        reader.stock.key = key;
        if (!reader.stock.loadConcurrent())
        {
            return false;
        }
        copy(reader.stock, out);
        return true;
    }

    /**
     * Whether the ledger remembers a command under this request id (any thread): its first outcome
     * is what a retry gets. A record being purged for age may still be seen; the writer decides.
     */
    public boolean hasRequest(final CharSequence requestId)
    {
        final Reader reader = readers.get();
        reader.requestKey.setHi(RequestKeys.hi(requestId));
        reader.requestKey.setLo(RequestKeys.lo(requestId));
        return requests.containsKey(reader.requestKey);
    }

    /**
     * Copies the latest state of one reservation into {@code out}.
     *
     * @return false if there is no such reservation
     */
    public boolean readReservation(final long id, final ReservationRecord out)
    {
        final Reader reader = readers.get();
        reader.key.setValue(id);
        if (reservations.getUsing(reader.key, reader.reservationRef) == null)
        {
            return false;
        }
        out.bind(reader.reservationRef, ReservationRecord.WORDS);
        return out.loadConcurrent();
    }

    private static void copy(final StockEntry from, final StockEntry to)
    {
        to.key = from.key;
        to.seq = from.seq;
        to.onHand = from.onHand;
        to.reserved = from.reserved;
        to.inTransit = from.inTransit;
        to.safetyStock = from.safetyStock;
        to.reorderPoint = from.reorderPoint;
        to.lastOutboundMs = from.lastOutboundMs;
        to.shippedTotal = from.shippedTotal;
    }

    /**
     * Visits every stock entry at its latest consistent version, from any thread, while the writer
     * runs. Each entry is copied before the visitor sees it, so the visitor may keep nothing but
     * the copy's fields; entries created during the scan may or may not be seen.
     */
    public void forEachStockConcurrent(final Consumer<StockEntry> visitor)
    {
        final StockEntry view = new StockEntry();
        final StockEntry copy = new StockEntry();
        final StockWords ref = Values.newNativeReference(StockWords.class);
        final LongValue key = Values.newHeapInstance(LongValue.class);
        stock.forEachEntry(e ->
        {
            e.key().getUsing(key);
            view.bind(e.value().getUsing(ref), StockEntry.WORDS);
            view.key = key.getValue();
            if (view.loadConcurrent())
            {
                copy(view, copy);
                visitor.accept(copy);
            }
        });
    }

    /** Per-thread look-up state for readers. */
    private static final class Reader
    {
        final LongValue key = Values.newHeapInstance(LongValue.class);
        final StockEntry stock = new StockEntry();
        final StockWords stockRef = Values.newNativeReference(StockWords.class);
        final ReservationWords reservationRef = Values.newNativeReference(ReservationWords.class);
        final RequestKey requestKey = Values.newHeapInstance(RequestKey.class);
    }

    // ------------------------------------------------------------------ scans (writer thread, or offline)

    /** Visits every stock entry, each loaded at its newest version before {@code beforeSeq}. */
    public void forEachStock(final long beforeSeq, final Consumer<StockEntry> visitor)
    {
        final StockEntry view = new StockEntry();
        final StockWords ref = Values.newNativeReference(StockWords.class);
        final LongValue key = Values.newHeapInstance(LongValue.class);
        stock.forEachEntry(e ->
        {
            e.key().getUsing(key);
            view.bind(e.value().getUsing(ref), StockEntry.WORDS);
            view.key = key.getValue();
            if (view.load(beforeSeq))
            {
                visitor.accept(view);
            }
        });
    }

    /** Visits every reservation that existed before {@code beforeSeq}, as it was then. */
    public void forEachReservation(final long beforeSeq, final Consumer<ReservationRecord> visitor)
    {
        final ReservationRecord view = new ReservationRecord();
        final ReservationWords ref = Values.newNativeReference(ReservationWords.class);
        reservations.forEachEntry(e ->
        {
            view.bind(e.value().getUsing(ref), ReservationRecord.WORDS);
            if (view.load(beforeSeq))
            {
                visitor.accept(view);
            }
        });
    }

    /** A remembered request outcome seen by a scan, with its key. */
    public interface RequestVisitor
    {
        void accept(long keyHi, long keyLo, IdempotencyRecord record);
    }

    /** Visits every complete idempotency record written before {@code beforeSeq}. */
    public void forEachRequest(final long beforeSeq, final RequestVisitor visitor)
    {
        final IdempotencyRecord view = new IdempotencyRecord();
        final IdempotencyWords ref = Values.newNativeReference(IdempotencyWords.class);
        final RequestKey key = Values.newHeapInstance(RequestKey.class);
        requests.forEachEntry(e ->
        {
            view.bind(e.value().getUsing(ref), IdempotencyRecord.WORDS);
            if (view.load(beforeSeq))
            {
                e.key().getUsing(key);
                visitor.accept(key.getHi(), key.getLo(), view);
            }
        });
    }

    /** Rebuilds the in-memory catalog from the persisted maps, as of {@code beforeSeq}. */
    public void loadCatalog(final long beforeSeq)
    {
        final CatalogValue value = Values.newHeapInstance(CatalogValue.class);
        items.forEachEntry(e ->
        {
            e.value().getUsing(value);
            if (CatalogRecords.isIdValid(value) && value.getCreatedSeq() < beforeSeq)
            {
                // Torn attributes can only belong to the half-applied command, whose redo rewrites them.
                final boolean whole = CatalogRecords.isAttributesValid(value);
                final String code = e.key().get().toString();
                catalog.putItem(new Catalog.Item((int)value.getId(), code, whole ? String.valueOf(value.getName()) : "",
                    whole ? String.valueOf(value.getCategory()) : ""));
            }
        });
        locations.forEachEntry(e ->
        {
            e.value().getUsing(value);
            if (CatalogRecords.isIdValid(value) && value.getCreatedSeq() < beforeSeq)
            {
                final boolean whole = CatalogRecords.isAttributesValid(value);
                final String code = e.key().get().toString();
                final LocationKind kind = whole ? LocationKind.fromOrdinal(value.getKind()) : null;
                catalog.putLocation(new Catalog.Location((int)value.getId(), code,
                    whole ? String.valueOf(value.getName()) : "", kind == null ? LocationKind.STORE : kind,
                    whole ? (int)value.getParentId() : 0));
            }
        });
    }

    /** Flushes the progress file; the maps are written through the page cache by the OS. */
    public void force()
    {
        progress.force();
    }

    /**
     * Closes the maps and fsyncs their files: a clean stop is trusted at the next start even
     * after a power loss, so the pages must be on the device before the stop is recorded.
     */
    @Override
    public void close() throws IOException
    {
        progress.close();
        locations.close();
        items.close();
        requests.close();
        reservations.close();
        stock.close();
        for (final String file : FILES)
        {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve(file),
                java.nio.file.StandardOpenOption.WRITE))
            {
                ch.force(true);
            }
        }
    }
}
