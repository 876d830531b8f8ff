package io.stockring.core.ledger;

import io.stockring.core.command.Limits;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.RequestKeys;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.values.Values;
import org.agrona.collections.Long2LongHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * The stock ledger: persisted, off-heap maps, one per kind of record, plus the writer's
 * progress file. Values are fixed-size flyweights updated in place (see {@link StockEntry},
 * {@link ReservationRecord}, {@link IdempotencyRecord}). Stock and catalog live in Chronicle Maps;
 * reservations and request outcomes, inserted and purged at the rate of commands, in the
 * lighter {@link RecordRing} (docs/decisions/0009-ledger-tables.md).
 *
 * <pre>
 *   stock.cm         (sku id, location id) -> StockEntry          two versions per entry
 *   reservations.tbl reservation id        -> ReservationRecord
 *   requests.tbl     client request id     -> IdempotencyRecord   (128-bit hash of the id)
 *   items.cm         sku code              -> CatalogValue
 *   locations.cm     location code         -> CatalogValue
 *   progress.dat     applied seq and programme totals
 * </pre>
 *
 * <p>Thread model: the writer thread alone mutates, through the {@code writer*} flyweights.
 * Any thread may read single stock entries and reservations ({@link #readStock},
 * {@link #readReservation}) and scan all stock entries ({@link #forEachStockConcurrent}, through
 * the {@link StockDirectory}): each read copies a version and checks its checksum.
 *
 * <p>Chronicle's own entry checksums are off: {@code recoverPersistedTo} would drop an entry
 * whose checksum fails, which for us would be a lost stock row. Our records carry their own.
 */
public final class Ledger implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    public static final String STOCK_FILE = "stock.cm";
    public static final String RESERVATIONS_FILE = "reservations.tbl";
    public static final String REQUESTS_FILE = "requests.tbl";
    public static final String ITEMS_FILE = "items.cm";
    public static final String LOCATIONS_FILE = "locations.cm";
    public static final String PROGRESS_FILE = "progress.dat";
    public static final List<String> FILES =
        List.of(STOCK_FILE, RESERVATIONS_FILE, REQUESTS_FILE, ITEMS_FILE, LOCATIONS_FILE, PROGRESS_FILE);

    private final Path dir;
    private final LedgerCapacity capacity;
    private final ChronicleMap<LongValue, StockWords> stock;
    private final RecordRing reservations;
    private final RecordRing requests;
    private final ChronicleMap<CharSequence, CatalogValue> items;
    private final ChronicleMap<CharSequence, CatalogValue> locations;
    private final LedgerProgress progress;
    private final Catalog catalog = new Catalog();

    // Writer-thread flyweights and keys.
    private final LongValue writerKey = Values.newHeapInstance(LongValue.class);
    private final StockEntry[] writerStock = new StockEntry[Limits.MAX_STOCK_VIEWS];
    private final ReservationRecord writerReservation = new ReservationRecord();
    private final IdempotencyRecord writerRequest = new IdempotencyRecord();
    private final CatalogValue writerCatalog = Values.newNativeReference(CatalogValue.class);
    private final StockWords writerStockRef = Values.newNativeReference(StockWords.class);

    /**
     * Where each stock entry's value lives, for the writer: entries are never removed and never
     * move (constant-size values), so the writer reaches an entry without a map operation. Filled
     * at open with every entry, then by the writer as it makes new ones; writer thread only.
     */
    private final Long2LongHashMap stockAddresses = new Long2LongHashMap(NO_ADDRESS);
    private static final long NO_ADDRESS = 0;
    /** Every stock entry's address, for scans from any thread (see {@link #forEachStockConcurrent}). */
    private final StockDirectory stockDirectory = new StockDirectory();

    private long stockCount;

    private final ThreadLocal<Reader> readers = ThreadLocal.withInitial(Reader::new);

    private Ledger(final Path dir, final LedgerCapacity capacity, final boolean recover) throws IOException
    {
        this.dir = dir;
        this.capacity = capacity;
        Files.createDirectories(dir);
        LedgerFormat.checkOrWrite(dir);
        // The record rings rebuild their indexes from every slot (about 1 s for the two at the
        // default capacities): on a thread of their own while this one opens the maps, at start-up a
        // second core is otherwise idle.
        final FutureTask<Rings> rings = new FutureTask<>(() -> openRings(dir, capacity));
        new Thread(rings, "stockring-ledger-open").start();
        final long t0 = System.nanoTime();
        ChronicleMap<LongValue, StockWords> stockMap = null;
        ChronicleMap<CharSequence, CatalogValue> itemMap = null;
        ChronicleMap<CharSequence, CatalogValue> locationMap = null;
        final Rings opened;
        final long t1;
        try
        {
            stockMap = open(ChronicleMapBuilder.of(LongValue.class, StockWords.class)
                .name("stock").entries(capacity.stockEntries()), STOCK_FILE, recover);
            t1 = System.nanoTime();
            itemMap = open(ChronicleMapBuilder.of(CharSequence.class, CatalogValue.class)
                .name("items").entries(capacity.items()).averageKeySize(16), ITEMS_FILE, recover);
            locationMap = open(ChronicleMapBuilder.of(CharSequence.class, CatalogValue.class)
                .name("locations").entries(capacity.locations()).averageKeySize(12), LOCATIONS_FILE, recover);
            opened = awaitRings(rings);
        }
        catch (final IOException | RuntimeException e)
        {
            closeAll(rings, stockMap, itemMap, locationMap);
            throw e;
        }
        stock = stockMap;
        items = itemMap;
        locations = locationMap;
        reservations = opened.reservations();
        requests = opened.requests();
        progress = new LedgerProgress(dir.resolve(PROGRESS_FILE));
        for (int i = 0; i < Limits.MAX_STOCK_VIEWS; i++)
        {
            writerStock[i] = new StockEntry();
        }
        final long t4 = System.nanoTime();
        stockCount = stock.longSize();
        indexStock();
        LOG.info("event=ledger_opened recover={} stockMs={} catalogMs={} ringsMs={} directoryMs={} (the rings on " +
            "their own thread)", recover, (t1 - t0) / 1_000_000, (t4 - t1) / 1_000_000, opened.millis(),
            (System.nanoTime() - t4) / 1_000_000);
    }

    /** The two record rings, opened on the ring thread, and how long they took. */
    private record Rings(RecordRing reservations, RecordRing requests, long millis)
    {
    }

    private static Rings openRings(final Path dir, final LedgerCapacity capacity) throws IOException
    {
        final long start = System.nanoTime();
        // Reservation ids are journal sequences: made and purged in order.
        final RecordRing reservations = RecordRing.open(dir.resolve(RESERVATIONS_FILE), 1, ReservationRecord.WORDS,
            capacity.reservations(), true);
        try
        {
            final RecordRing requests = RecordRing.open(dir.resolve(REQUESTS_FILE), 2, IdempotencyRecord.WORDS,
                capacity.requestIds(), false);
            return new Rings(reservations, requests, (System.nanoTime() - start) / 1_000_000);
        }
        catch (final IOException | RuntimeException e)
        {
            reservations.close();
            throw e;
        }
    }

    private static Rings awaitRings(final FutureTask<Rings> rings) throws IOException
    {
        try
        {
            return rings.get();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the record rings opened");
        }
        catch (final ExecutionException e)
        {
            if (e.getCause() instanceof IOException io)
            {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re)
            {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** After a failed open: whatever did open is closed (the rings once their thread is done). */
    private static void closeAll(final FutureTask<Rings> rings, final AutoCloseable... maps)
    {
        for (final AutoCloseable map : maps)
        {
            closeQuietly(map);
        }
        try
        {
            closeQuietly(rings.get().reservations());
            closeQuietly(rings.get().requests());
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException e)
        {
            // The rings failed too; the first failure is the one thrown.
        }
    }

    private static void closeQuietly(final AutoCloseable c)
    {
        if (c == null)
        {
            return;
        }
        try
        {
            c.close();
        }
        catch (final Exception e)
        {
            LOG.warn("event=ledger_close_failed error=\"{}\"", e.toString());
        }
    }

    /** Records where each stock entry lives: the directory for scans, the writer's address cache. */
    private void indexStock()
    {
        final StockEntry view = new StockEntry();
        final StockWords ref = Values.newNativeReference(StockWords.class);
        final LongValue key = Values.newHeapInstance(LongValue.class);
        stock.forEachEntry(e ->
        {
            e.key().getUsing(key);
            final long address = view.bind(e.value().getUsing(ref));
            stockDirectory.add(key.getValue(), address);
            stockAddresses.put(key.getValue(), address);
        });
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
        return reservations.size();
    }

    public long requestCount()
    {
        return requests.size();
    }

    // ------------------------------------------------------------------ writer side

    /** One of the writer's stock views; a command uses a distinct index per distinct entry. */
    StockEntry writerStock(final int index)
    {
        return writerStock[index];
    }

    static int maxStockViews()
    {
        return Limits.MAX_STOCK_VIEWS;
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
        long address = stockAddresses.get(key);
        if (address == NO_ADDRESS)
        {
            // Every entry is in the address cache from the open or from its making here: absent.
            if (!create || stockCount >= capacity.stockEntries())
            {
                view.loadAbsent();
                return false;
            }
            writerKey.setValue(key);
            stock.acquireUsing(writerKey, writerStockRef);
            stockCount++;
            address = view.bind(writerStockRef);
            stockDirectory.add(key, address);
            stockAddresses.put(key, address);
        }
        view.bind(address);
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
        final long address = reservations.find(id, 0);
        if (address == 0)
        {
            return false;
        }
        writerReservation.bind(address);
        return writerReservation.load(beforeSeq);
    }

    /** Whether reservation {@code id} is HELD until {@code expiresAtMs}, as of before {@code beforeSeq} (the expiry index's check). */
    boolean isHeld(final long id, final long expiresAtMs, final long beforeSeq)
    {
        final long address = reservations.find(id, 0);
        return address != 0 && ReservationRecord.isHeld(address, expiresAtMs, beforeSeq);
    }

    boolean hasRoomForReservation()
    {
        return reservations.size() < Math.min(capacity.reservations(), reservations.capacity());
    }

    /**
     * Inserts (or finds, in a redo) the record of reservation {@code id} and points the writer
     * view at it.
     */
    ReservationRecord acquireReservation(final long id)
    {
        writerReservation.bind(reservations.acquire(id, 0));
        return writerReservation;
    }

    void removeReservation(final long id)
    {
        reservations.remove(id, 0);
    }

    IdempotencyRecord writerRequest()
    {
        return writerRequest;
    }

    boolean hasRoomForRequest()
    {
        return requests.size() < Math.min(capacity.requestIds(), requests.capacity());
    }

    /**
     * Points the writer's request view at the record for {@code requestId}, inserting an empty
     * (invalid) one when absent, so that the look-up and the later store cost one table operation.
     */
    IdempotencyRecord acquireRequest(final long keyHi, final long keyLo)
    {
        writerRequest.bind(requests.acquire(keyHi, keyLo));
        return writerRequest;
    }

    /** Removes a request's record: one past retention, or an empty one whose outcome is not remembered. */
    void removeRequest(final long keyHi, final long keyLo)
    {
        requests.remove(keyHi, keyLo);
    }

    /**
     * When the oldest request record was made, or Long.MAX_VALUE when there is none. Request
     * records lie in the order they were made, so the oldest one is the next past its retention.
     */
    long oldestRequestAtMs()
    {
        final long address = requests.oldest();
        return address == 0 ? Long.MAX_VALUE : IdempotencyRecord.createdAtMs(address);
    }

    /** Removes the oldest request record (retention; see {@link #oldestRequestAtMs()}). */
    void removeOldestRequest()
    {
        final long address = requests.oldest();
        if (address != 0)
        {
            requests.remove(requests.keyOf(address, 0), requests.keyOf(address, 1));
        }
    }

    /** Looks up a request's record without inserting (for reads and retention). */
    boolean loadRequest(final long keyHi, final long keyLo, final long beforeSeq)
    {
        final long address = requests.find(keyHi, keyLo);
        if (address == 0)
        {
            return false;
        }
        writerRequest.bind(address);
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
        final int id = upsertCatalog(locations, code, newId, seq, name, "", kind.code(), parentId);
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
        reader.stock.bind(reader.stockRef);
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
        final long hi = RequestKeys.hi(requestId);
        final long lo = RequestKeys.lo(requestId);
        while (true)
        {
            final long version = requests.readBegin();
            final boolean found = requests.find(hi, lo) != 0;
            if (requests.readValid(version))
            {
                return found;
            }
        }
    }

    /**
     * Copies the latest state of one reservation into {@code out}.
     *
     * @return false if there is no such reservation
     */
    public boolean readReservation(final long id, final ReservationRecord out)
    {
        if (id <= 0)
        {
            return false;
        }
        while (true)
        {
            final long version = reservations.readBegin();
            final long address = reservations.find(id, 0);
            boolean found = false;
            if (address != 0)
            {
                // A record still being created fails its checksum: not there yet, as before its Reserve.
                out.bind(address);
                found = out.loadConcurrent() && out.id == id;
            }
            if (reservations.readValid(version))
            {
                return found;
            }
        }
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
     * runs, without a lock the writer could wait for: through the {@link StockDirectory}, each
     * entry read like {@link #readStock} (a checksummed copy of a version). The visitor gets a
     * copy and may keep nothing but its fields; entries made during the scan may or may not be
     * seen, and one made but not yet written is not. A scan nobody waits on goes at
     * {@link ScanPace#BACKGROUND}.
     */
    public void forEachStockConcurrent(final Consumer<StockEntry> visitor, final ScanPace pace)
    {
        final StockEntry view = new StockEntry();
        final StockEntry copy = new StockEntry();
        stockDirectory.forEach((key, address) ->
        {
            view.bind(address);
            view.key = key;
            if (view.loadConcurrent())
            {
                copy(view, copy);
                visitor.accept(copy);
            }
        }, pace);
    }
    /** Per-thread look-up state for readers. */
    private static final class Reader
    {
        final LongValue key = Values.newHeapInstance(LongValue.class);
        final StockEntry stock = new StockEntry();
        final StockWords stockRef = Values.newNativeReference(StockWords.class);
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
            view.bind(e.value().getUsing(ref));
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
        reservations.forEach(address ->
        {
            view.bind(address);
            if (view.load(beforeSeq))
            {
                visitor.accept(view);
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
                final LocationKind kind = whole ? LocationKind.fromCode(value.getKind()) : null;
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
