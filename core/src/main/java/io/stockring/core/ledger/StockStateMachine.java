package io.stockring.core.ledger;

import io.stockring.core.command.AlertLevel;
import io.stockring.core.command.Command;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.Limits;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.ReservationState;
import io.stockring.core.command.ResultCode;
import io.stockring.core.concurrent.SingleWriterCounters;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The apply logic: one journaled command and the ledger in, a result code and the ledger's next
 * state out. Plain and deterministic: it knows nothing of the ring or of gRPC, reads time only
 * from the command, and never throws for a business outcome. The same code applies commands
 * live, replays the journal in recovery and redoes a half-applied command after a process death.
 *
 * <p>Redo works because every read asks for the version <em>before</em> the command's sequence
 * and every write is skipped when a version of that sequence is already there; each command
 * therefore writes each ledger record at most once (lines on the same entry are summed first).
 *
 * <p>Single-threaded: owned by the writer thread (the LedgerProcessor), or by recovery before
 * the ring starts.
 */
public final class StockStateMachine
{
    private static final int TYPES = CommandType.values().length;
    private static final int RESULTS = ResultCode.values().length;

    private final Ledger ledger;
    private final Catalog catalog;
    private final LedgerProgress progress;
    private final StockEventListener events;
    private final ExpiryIndex expiry;
    private final RetentionQueue reservationRetention = new RetentionQueue();
    private final long requestRetentionMs;
    private final long reservationRetentionMs;
    private final int purgeLimitPerTick;

    private final long[] lineKeys = new long[Limits.MAX_LINES];
    private final long[] lineQuantities = new long[Limits.MAX_LINES];
    private final Long2LongHashMap expireIndexByKey = new Long2LongHashMap(-1);
    private long[] expireKeys = new long[256];
    private long[] expireQuantities = new long[256];

    // Counters: written by the writer thread only, read by metrics (published with release stores).
    private static final int COMMANDS_APPLIED = 0;
    private static final int DUPLICATES = 1;
    private static final int RESERVES_ACCEPTED = 2;
    private static final int RESERVES_REJECTED_FOR_STOCK = 3;
    private static final int RESERVATIONS_EXPIRED = 4;
    private static final int ALERT_LEVEL_CHANGES = 5;
    private static final int LOW_STOCK_EVENTS = 6;
    private static final int REQUESTS_PURGED = 7;
    private static final int RESERVATIONS_PURGED = 8;
    /** Then outcomes by command type and result code: OUTCOMES + type.ordinal() * RESULTS + result.ordinal(). */
    private static final int OUTCOMES = 9;
    private final SingleWriterCounters counters = new SingleWriterCounters(OUTCOMES + TYPES * RESULTS);

    public StockStateMachine(final Ledger ledger, final StockEventListener events, final long requestRetentionMs,
        final long reservationRetentionMs, final int purgeLimitPerTick)
    {
        this.ledger = ledger;
        this.catalog = ledger.catalog();
        this.progress = ledger.progress();
        this.events = events;
        this.expiry = new ExpiryIndex(ledger::isHeld);
        this.requestRetentionMs = requestRetentionMs;
        this.reservationRetentionMs = reservationRetentionMs;
        this.purgeLimitPerTick = purgeLimitPerTick;
    }

    public Ledger ledger()
    {
        return ledger;
    }

    /** Sequence of the last command applied completely. */
    public long appliedSeq()
    {
        return progress.appliedSeq();
    }

    /**
     * Rebuilds the heap-side indexes (catalog, expiry order, retention order) from the ledger as
     * it was after {@link #appliedSeq()}: what a half-applied later command wrote is not counted,
     * because its redo will add it again.
     */
    public void rebuildIndexes()
    {
        final long before = progress.appliedSeq() + 1;
        ledger.loadCatalog(before);
        expiry.clear();
        reservationRetention.clear();

        final List<long[]> finished = new ArrayList<>();
        ledger.forEachReservation(before, r ->
        {
            if (r.state == ReservationState.HELD)
            {
                expiry.add(r.id, r.expiresAtMs, before);
            }
            else
            {
                finished.add(new long[]{r.stateSeq, r.id, r.finishedAtMs});
            }
        });
        finished.sort(Comparator.comparingLong(a -> a[0]));
        for (final long[] f : finished)
        {
            reservationRetention.add(f[1], f[2]);
        }
    }

    /**
     * Applies one journaled command, writing {@link Command#result} and
     * {@link Command#resultValue}. {@code c.seq} must be {@link #appliedSeq()} + 1.
     */
    public void apply(final Command c)
    {
        final CommandType type = c.type;
        c.resultValue = 0;
        IdempotencyRecord request = null;
        long keyHi = 0;
        long keyLo = 0;
        if (type.isIdempotent())
        {
            keyHi = c.requestKeyHi;
            keyLo = c.requestKeyLo;
            if (!ledger.hasRoomForRequest() && !ledger.loadRequest(keyHi, keyLo, c.seq))
            {
                c.result = ResultCode.LEDGER_FULL;
                count(type, ResultCode.LEDGER_FULL);
                progress.commit(c.seq);
                return;
            }
            request = ledger.acquireRequest(keyHi, keyLo);
            if (request.load(c.seq))
            {
                answerRetry(c, request);
                progress.commit(c.seq);
                return;
            }
        }

        final ResultCode result = dispatch(c);
        c.result = result;
        if (request != null)
        {
            if (result == ResultCode.LEDGER_FULL)
            {
                ledger.removeRequest(keyHi, keyLo);
            }
            else
            {
                request.store(c.seq, c.contentHash, result.code(), c.resultValue, c.timestampMs);
            }
        }
        counters.increment(COMMANDS_APPLIED);
        count(type, result);
        progress.commit(c.seq);
    }

    private void answerRetry(final Command c, final IdempotencyRecord request)
    {
        if (request.contentHash == c.contentHash)
        {
            c.result = ResultCode.fromCode(request.resultCode);
            c.resultValue = request.resultValue;
            counters.increment(DUPLICATES);
        }
        else
        {
            c.result = ResultCode.REQUEST_ID_REUSED;
            count(c.type, ResultCode.REQUEST_ID_REUSED);
        }
    }

    private void count(final CommandType type, final ResultCode result)
    {
        counters.increment(OUTCOMES + type.ordinal() * RESULTS + result.ordinal());
    }

    private ResultCode dispatch(final Command c)
    {
        switch (c.type)
        {
            case UPSERT_ITEM:
                return upsertItem(c);
            case UPSERT_LOCATION:
                return upsertLocation(c);
            case RECEIVE:
                return receive(c);
            case ADJUST:
                return adjust(c);
            case RESERVE:
                return reserve(c);
            case CONFIRM:
                return finish(c, ReservationState.CONFIRMED);
            case RELEASE:
                return finish(c, ReservationState.RELEASED);
            case TRANSFER:
                return transfer(c, false);
            case TRANSFER_OUT:
                return transfer(c, true);
            case TRANSFER_IN:
                return transferIn(c);
            case EXPIRE_DUE:
                return expireDue(c);
            case SET_POLICY:
                return setPolicy(c);
            default:
                throw new IllegalStateException("not a journaled command: " + c.type);
        }
    }

    // ------------------------------------------------------------------ catalog

    private ResultCode upsertItem(final Command c)
    {
        int id = ledger.existingItemId(c.code, c.seq);
        if (id == 0)
        {
            if (catalog.itemCount() >= ledger.capacity().items())
            {
                return ResultCode.LEDGER_FULL;
            }
            id = catalog.maxItemId() + 1;
        }
        c.resultValue = ledger.upsertItem(c.code, c.name, c.category == null ? "" : c.category, id, c.seq);
        return ResultCode.OK;
    }

    private ResultCode upsertLocation(final Command c)
    {
        final int parent = c.parentLocationId;
        if (parent != Command.NO_ID && !isLocation(parent))
        {
            return ResultCode.UNKNOWN_PARENT_LOCATION;
        }
        int id = ledger.existingLocationId(c.code, c.seq);
        if (id == 0)
        {
            if (catalog.locationCount() >= ledger.capacity().locations())
            {
                return ResultCode.LEDGER_FULL;
            }
            id = catalog.maxLocationId() + 1;
        }
        else if (parent != Command.NO_ID && catalog.isAncestorOrSelf(id, parent))
        {
            return ResultCode.PARENT_CYCLE;
        }
        c.resultValue = ledger.upsertLocation(c.code, c.name == null ? "" : c.name,
            LocationKind.fromCode(c.locationKind), Math.max(parent, 0), id, c.seq);
        return ResultCode.OK;
    }

    // ------------------------------------------------------------------ stock in and out

    private ResultCode receive(final Command c)
    {
        final ResultCode known = checkEntry(c.skuId, c.locationId);
        if (known != ResultCode.OK)
        {
            return known;
        }
        final StockEntry e = ledger.writerStock(0);
        if (!ledger.loadStock(e, StockKeys.of(c.skuId, c.locationId), c.seq, true))
        {
            return ResultCode.LEDGER_FULL;
        }
        if (e.onHand > Limits.MAX_ON_HAND - c.quantity)
        {
            return ResultCode.QUANTITY_OVERFLOW;
        }
        final long before = before(e);
        e.onHand += c.quantity;
        e.store(c.seq);
        progress.totalReceived += c.quantity;
        afterChange(c, e, before);
        return ResultCode.OK;
    }

    private ResultCode adjust(final Command c)
    {
        final ResultCode known = checkEntry(c.skuId, c.locationId);
        if (known != ResultCode.OK)
        {
            return known;
        }
        final StockEntry e = ledger.writerStock(0);
        if (!ledger.loadStock(e, StockKeys.of(c.skuId, c.locationId), c.seq, true))
        {
            return ResultCode.LEDGER_FULL;
        }
        final long newOnHand;
        if (c.adjustMode == Command.ADJUST_SET)
        {
            if (e.onHand != c.expectedOnHand)
            {
                c.resultValue = e.onHand;
                return ResultCode.ADJUST_EXPECTED_MISMATCH;
            }
            newOnHand = c.quantity;
        }
        else
        {
            if (c.quantity > 0 && e.onHand > Limits.MAX_ON_HAND - c.quantity)
            {
                return ResultCode.QUANTITY_OVERFLOW;
            }
            newOnHand = e.onHand + c.quantity;
        }
        if (newOnHand < e.reserved)
        {
            return ResultCode.ADJUST_BELOW_RESERVED;
        }
        final long before = before(e);
        progress.totalAdjusted += newOnHand - e.onHand;
        e.onHand = newOnHand;
        e.store(c.seq);
        afterChange(c, e, before);
        c.resultValue = newOnHand;
        return ResultCode.OK;
    }

    private ResultCode transfer(final Command c, final boolean viaTransit)
    {
        ResultCode known = checkEntry(c.skuId, c.locationId);
        if (known == ResultCode.OK)
        {
            known = checkEntry(c.skuId, c.toLocationId);
        }
        if (known != ResultCode.OK)
        {
            return known;
        }
        final StockEntry from = ledger.writerStock(0);
        final StockEntry to = ledger.writerStock(1);
        if (!ledger.loadStock(from, StockKeys.of(c.skuId, c.locationId), c.seq, false) ||
            from.available() < c.quantity)
        {
            return ResultCode.INSUFFICIENT_STOCK;
        }
        if (!ledger.loadStock(to, StockKeys.of(c.skuId, c.toLocationId), c.seq, true))
        {
            return ResultCode.LEDGER_FULL;
        }
        if ((viaTransit ? to.inTransit : to.onHand) > Limits.MAX_ON_HAND - c.quantity)
        {
            return ResultCode.QUANTITY_OVERFLOW;
        }
        final long fromBefore = before(from);
        final long toBefore = before(to);
        from.onHand -= c.quantity;
        if (viaTransit)
        {
            to.inTransit += c.quantity;
        }
        else
        {
            to.onHand += c.quantity;
        }
        from.store(c.seq);
        to.store(c.seq);
        afterChange(c, from, fromBefore);
        afterChange(c, to, toBefore);
        return ResultCode.OK;
    }

    private ResultCode transferIn(final Command c)
    {
        final ResultCode known = checkEntry(c.skuId, c.toLocationId);
        if (known != ResultCode.OK)
        {
            return known;
        }
        final StockEntry to = ledger.writerStock(0);
        if (!ledger.loadStock(to, StockKeys.of(c.skuId, c.toLocationId), c.seq, false) ||
            to.inTransit < c.quantity)
        {
            return ResultCode.INSUFFICIENT_IN_TRANSIT;
        }
        final long before = before(to);
        to.inTransit -= c.quantity;
        to.onHand += c.quantity;
        to.store(c.seq);
        afterChange(c, to, before);
        return ResultCode.OK;
    }

    private ResultCode setPolicy(final Command c)
    {
        final ResultCode known = checkEntry(c.skuId, c.locationId);
        if (known != ResultCode.OK)
        {
            return known;
        }
        final StockEntry e = ledger.writerStock(0);
        if (!ledger.loadStock(e, StockKeys.of(c.skuId, c.locationId), c.seq, true))
        {
            return ResultCode.LEDGER_FULL;
        }
        final long before = before(e);
        e.safetyStock = c.safetyStock;
        e.reorderPoint = c.reorderPoint;
        e.store(c.seq);
        afterChange(c, e, before);
        c.resultValue = AlertLevel.of(e.available(), e.safetyStock).code();
        return ResultCode.OK;
    }

    // ------------------------------------------------------------------ reservations

    private ResultCode reserve(final Command c)
    {
        int distinct = 0;
        for (int i = 0; i < c.lineCount; i++)
        {
            final ResultCode known = checkEntry(c.lineSkuIds[i], c.lineLocationIds[i]);
            if (known != ResultCode.OK)
            {
                c.resultValue = i;
                return known;
            }
            final long key = StockKeys.of(c.lineSkuIds[i], c.lineLocationIds[i]);
            int j = 0;
            while (j < distinct && lineKeys[j] != key)
            {
                j++;
            }
            if (j == distinct)
            {
                lineKeys[j] = key;
                lineQuantities[j] = 0;
                distinct++;
            }
            lineQuantities[j] += c.lineQuantities[i];
        }
        if (!ledger.hasRoomForReservation())
        {
            return ResultCode.LEDGER_FULL;
        }
        for (int j = 0; j < distinct; j++)
        {
            final StockEntry e = ledger.writerStock(j);
            if (!ledger.loadStock(e, lineKeys[j], c.seq, false) || e.available() < lineQuantities[j])
            {
                counters.increment(RESERVES_REJECTED_FOR_STOCK);
                c.resultValue = lineIndexOf(c, lineKeys[j]);
                events.onStockout(c.seq, c.timestampMs, StockKeys.skuId(lineKeys[j]),
                    StockKeys.locationId(lineKeys[j]), lineQuantities[j]);
                return ResultCode.INSUFFICIENT_STOCK;
            }
        }
        for (int j = 0; j < distinct; j++)
        {
            final StockEntry e = ledger.writerStock(j);
            final long before = before(e);
            e.reserved += lineQuantities[j];
            e.store(c.seq);
            afterChange(c, e, before);
        }
        final long expiresAt = c.timestampMs + c.ttlMs;
        ledger.acquireReservation(c.seq).create(c.seq, c.timestampMs, expiresAt,
            c.channelLo, c.channelHi, distinct, lineKeys, lineQuantities);
        expiry.add(c.seq, expiresAt, c.seq);
        counters.increment(RESERVES_ACCEPTED);
        c.resultValue = c.seq;
        return ResultCode.OK;
    }

    private static int lineIndexOf(final Command c, final long key)
    {
        for (int i = 0; i < c.lineCount; i++)
        {
            if (StockKeys.of(c.lineSkuIds[i], c.lineLocationIds[i]) == key)
            {
                return i;
            }
        }
        return 0;
    }

    /** Confirm (goods leave) or Release (goods return to available) a HELD reservation. */
    private ResultCode finish(final Command c, final ReservationState target)
    {
        if (!ledger.loadReservation(c.reservationId, c.seq))
        {
            return ResultCode.UNKNOWN_RESERVATION;
        }
        final ReservationRecord r = ledger.writerReservation();
        c.resultValue = r.id;
        switch (r.state)
        {
            case CONFIRMED:
                return ResultCode.ALREADY_CONFIRMED;
            case RELEASED:
                return ResultCode.ALREADY_RELEASED;
            case EXPIRED:
                return ResultCode.RESERVATION_EXPIRED;
            default:
                break;
        }
        // The TTL is exact: a reservation past its expiry is expired now, whether or not a tick came.
        final ReservationState outcome = c.timestampMs >= r.expiresAtMs ? ReservationState.EXPIRED : target;
        for (int i = 0; i < r.lineCount; i++)
        {
            final StockEntry e = ledger.writerStock(i);
            if (!ledger.loadStock(e, r.lineKeys[i], c.seq, false))
            {
                throw new IllegalStateException("reservation " + r.id + " holds stock of a missing entry " +
                    r.lineKeys[i]);
            }
            final long before = before(e);
            final long q = r.lineQuantities[i];
            e.reserved -= q;
            if (outcome == ReservationState.CONFIRMED)
            {
                e.onHand -= q;
                e.lastOutboundMs = c.timestampMs;
                e.shippedTotal += q;
                progress.totalShipped += q;
            }
            e.store(c.seq);
            afterChange(c, e, before);
            if (outcome == ReservationState.CONFIRMED)
            {
                events.onOutbound(c.seq, c.timestampMs, e.skuId(), e.locationId(), q);
            }
        }
        r.finish(outcome, c.seq, c.timestampMs);
        expiry.left();
        reservationRetention.add(r.id, c.timestampMs);
        if (outcome == ReservationState.EXPIRED)
        {
            counters.increment(RESERVATIONS_EXPIRED);
            return ResultCode.RESERVATION_EXPIRED;
        }
        return ResultCode.OK;
    }

    /**
     * The timer tick: expires up to {@code maxCount} HELD reservations whose time has come, then
     * purges records past their retention. The stock released is summed per entry first, so each
     * entry is written once.
     */
    private ResultCode expireDue(final Command c)
    {
        final long now = c.timestampMs;
        int expired = 0;
        int touched = 0;
        expireIndexByKey.clear();
        final ReservationRecord r = ledger.writerReservation();
        while (expired < c.maxCount)
        {
            final long id = expiry.pollDue(now, c.seq);
            if (id == 0)
            {
                break;
            }
            expiry.left();
            if (!ledger.loadReservation(id, c.seq) || r.state != ReservationState.HELD)
            {
                continue;
            }
            for (int i = 0; i < r.lineCount; i++)
            {
                final long key = r.lineKeys[i];
                long index = expireIndexByKey.get(key);
                if (index < 0)
                {
                    index = touched++;
                    expireIndexByKey.put(key, index);
                    if (index == expireKeys.length)
                    {
                        expireKeys = java.util.Arrays.copyOf(expireKeys, expireKeys.length * 2);
                        expireQuantities = java.util.Arrays.copyOf(expireQuantities, expireQuantities.length * 2);
                    }
                    expireKeys[(int)index] = key;
                    expireQuantities[(int)index] = 0;
                }
                expireQuantities[(int)index] += r.lineQuantities[i];
            }
            r.finish(ReservationState.EXPIRED, c.seq, now);
            reservationRetention.add(id, now);
            expired++;
        }
        final StockEntry e = ledger.writerStock(0);
        for (int i = 0; i < touched; i++)
        {
            if (!ledger.loadStock(e, expireKeys[i], c.seq, false))
            {
                throw new IllegalStateException("expired reservation held stock of a missing entry " + expireKeys[i]);
            }
            final long before = before(e);
            e.reserved -= expireQuantities[i];
            e.store(c.seq);
            afterChange(c, e, before);
        }
        counters.add(RESERVATIONS_EXPIRED, expired);
        purge(now);
        c.resultValue = expired;
        return ResultCode.OK;
    }

    private void purge(final long now)
    {
        int purged = 0;
        // Request records lie in the ledger in the order they were made: the oldest goes first.
        while (purged < purgeLimitPerTick && ledger.oldestRequestAtMs() <= now - requestRetentionMs)
        {
            ledger.removeOldestRequest();
            purged++;
            counters.increment(REQUESTS_PURGED);
        }
        while (purged < purgeLimitPerTick && !reservationRetention.isEmpty() &&
            reservationRetention.headTime() <= now - reservationRetentionMs)
        {
            ledger.removeReservation(reservationRetention.headId());
            reservationRetention.pop();
            purged++;
            counters.increment(RESERVATIONS_PURGED);
        }
    }

    // ------------------------------------------------------------------ helpers

    private ResultCode checkEntry(final int skuId, final int locationId)
    {
        if (!isItem(skuId))
        {
            return ResultCode.UNKNOWN_SKU;
        }
        if (!isLocation(locationId))
        {
            return ResultCode.UNKNOWN_LOCATION;
        }
        return ResultCode.OK;
    }

    private boolean isItem(final int id)
    {
        return id > 0 && catalog.item(id) != null;
    }

    private boolean isLocation(final int id)
    {
        return id > 0 && catalog.location(id) != null;
    }

    /**
     * The entry's state before a change, packed for {@link #afterChange}: alert level (2 bits)
     * and whether available stock was above the reorder point (1 bit). A long, not an object,
     * so the writer allocates nothing per command.
     */
    private static long before(final StockEntry e)
    {
        final boolean aboveReorder = e.reorderPoint <= 0 || e.available() > e.reorderPoint;
        return AlertLevel.of(e.available(), e.safetyStock).code() | (aboveReorder ? 4 : 0);
    }

    private void afterChange(final Command c, final StockEntry e, final long before)
    {
        final AlertLevel from = AlertLevel.fromCode((int)(before & 3));
        final AlertLevel to = AlertLevel.of(e.available(), e.safetyStock);
        if (to != from)
        {
            counters.increment(ALERT_LEVEL_CHANGES);
            events.onAlertLevelChanged(c.seq, c.timestampMs, e.skuId(), e.locationId(), from, to, e.available(),
                e.safetyStock);
        }
        if ((before & 4) != 0 && e.reorderPoint > 0 && e.available() <= e.reorderPoint)
        {
            counters.increment(LOW_STOCK_EVENTS);
            events.onLowStock(c.seq, c.timestampMs, e.skuId(), e.locationId(), e.available(), e.reorderPoint);
        }
    }

    // ------------------------------------------------------------------ counters

    public long commandsApplied()
    {
        return counters.get(COMMANDS_APPLIED);
    }

    /**
     * How many commands of {@code type} this state machine answered with {@code result}, since it
     * was created (replayed commands included). Exact retries are not counted here but in
     * {@link #duplicates()}: each client request counts once.
     */
    public long outcomes(final CommandType type, final ResultCode result)
    {
        return counters.get(OUTCOMES + type.ordinal() * RESULTS + result.ordinal());
    }

    public long duplicates()
    {
        return counters.get(DUPLICATES);
    }

    public long reservesAccepted()
    {
        return counters.get(RESERVES_ACCEPTED);
    }

    public long reservesRejectedForStock()
    {
        return counters.get(RESERVES_REJECTED_FOR_STOCK);
    }

    public long reservationsExpired()
    {
        return counters.get(RESERVATIONS_EXPIRED);
    }

    public long alertLevelChanges()
    {
        return counters.get(ALERT_LEVEL_CHANGES);
    }

    public long lowStockEvents()
    {
        return counters.get(LOW_STOCK_EVENTS);
    }

    public long requestsPurged()
    {
        return counters.get(REQUESTS_PURGED);
    }

    public long reservationsPurged()
    {
        return counters.get(RESERVATIONS_PURGED);
    }

    /**
     * The earliest time at which an expiry tick would have work (a reservation to expire, a
     * record past retention); Long.MAX_VALUE when there is none. Lets the timer skip idle ticks
     * instead of journaling ten empty commands a second.
     */
    public long nextDueMs()
    {
        long due = expiry.earliest();
        final long oldestRequest = ledger.oldestRequestAtMs();
        if (oldestRequest != Long.MAX_VALUE)
        {
            due = Math.min(due, oldestRequest + requestRetentionMs);
        }
        if (!reservationRetention.isEmpty())
        {
            due = Math.min(due, reservationRetention.headTime() + reservationRetentionMs);
        }
        return due;
    }

    public int heldReservations()
    {
        return expiry.heldCount();
    }
}
