package io.stockring.engine;

import io.stockring.core.command.CommandType;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerReads;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.ledger.ReservationView;
import io.stockring.core.ledger.ScanPace;
import io.stockring.core.ledger.StockLevel;
import io.stockring.core.request.CommandRequests;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the gRPC services, the planner and the metrics need from an engine: a validating edge, a
 * way to submit a command and be called with its outcome, and reads of a ledger. Two engines
 * implement it: {@link StockEngine}, one process with its own ring and journal, and the
 * replicated engine of {@code io.stockring.cluster}, whose commands are applied by every node of
 * an Aeron Cluster in committed order and whose reads see this node's replica.
 */
public interface Engine extends AutoCloseable
{
    /** The edge: validates requests and fills slot templates for {@link #submit}. */
    CommandRequests requests();

    /**
     * Submits a validated request (a template filled by {@link #requests()}); never blocks. The
     * callback is called once, with the command's outcome, on a thread of the engine: it must not
     * block or do more than build and send a reply.
     *
     * @return OK if submitted (the callback will be called), or why not (RING_FULL, SHUTTING_DOWN, ...)
     */
    ResultCode submit(CommandSlot request, CommandCallback callback);

    /** The catalog of the ledger the reads see. */
    Catalog catalog();

    /** Reads by code from any thread but the applying one. */
    LedgerReads reads();

    /** The ledger the reads see (for counts and scans of the metrics). */
    Ledger ledger();

    /** The engine's clock in epoch milliseconds (the metrics' "now"). */
    long nowMs();

    /** Scans the state after every command applied by now for broken invariants. */
    CompletableFuture<LedgerVerifier.Report> verify();

    /** Takes a snapshot holding at least every command applied by now; the outcome's value is its position. */
    CompletableFuture<Outcome> checkpoint();

    /** False once the engine can only refuse (journal failed, writer halted, closing). */
    boolean isHealthy();

    @Override
    void close() throws IOException;

    // ------------------------------------------------------------------ built on the above

    /**
     * Submits a validated request and completes the future with its outcome, on the engine's
     * thread: chain work onto it with the {@code *Async} methods, or wait for it from another thread.
     */
    default CompletableFuture<Outcome> submit(final CommandSlot request)
    {
        final CompletableFuture<Outcome> future = new CompletableFuture<>();
        final ResultCode rc = submit(request, slot -> future.complete(new Outcome(slot.result, slot.resultValue,
            slot.seq)));
        if (rc != ResultCode.OK)
        {
            future.complete(Outcome.of(rc));
        }
        return future;
    }

    private CompletableFuture<Outcome> validated(final ResultCode validation, final CommandSlot request)
    {
        return validation == ResultCode.OK ? submit(request) : CompletableFuture.completedFuture(Outcome.of(validation));
    }

    default CompletableFuture<Outcome> upsertItem(final String requestId, final String sku, final String name,
        final String category)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().upsertItem(s, requestId, sku, name, category), s);
    }

    default CompletableFuture<Outcome> upsertLocation(final String requestId, final String code, final String name,
        final LocationKind kind, final String parentCode)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().upsertLocation(s, requestId, code, name, kind, parentCode), s);
    }

    default CompletableFuture<Outcome> receive(final String requestId, final String sku, final String location,
        final long quantity)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().receive(s, requestId, sku, location, quantity), s);
    }

    default CompletableFuture<Outcome> adjustBy(final String requestId, final String sku, final String location,
        final long delta, final String reason)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().adjustBy(s, requestId, sku, location, delta, reason), s);
    }

    default CompletableFuture<Outcome> adjustTo(final String requestId, final String sku, final String location,
        final long expectedOnHand, final long newOnHand, final String reason)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().adjustTo(s, requestId, sku, location, expectedOnHand, newOnHand, reason), s);
    }

    /** One line of a reservation request. */
    record Line(String sku, String location, long quantity)
    {
    }

    default CompletableFuture<Outcome> reserve(final String requestId, final String channel, final List<Line> lines,
        final long ttlMs)
    {
        final int n = lines.size();
        final String[] skus = new String[n];
        final String[] locations = new String[n];
        final long[] quantities = new long[n];
        for (int i = 0; i < n; i++)
        {
            skus[i] = lines.get(i).sku();
            locations[i] = lines.get(i).location();
            quantities[i] = lines.get(i).quantity();
        }
        final CommandSlot s = new CommandSlot();
        return validated(requests().reserve(s, requestId, channel, skus, locations, quantities, n, ttlMs), s);
    }

    default CompletableFuture<Outcome> confirm(final String requestId, final long reservationId)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().confirm(s, requestId, reservationId), s);
    }

    default CompletableFuture<Outcome> release(final String requestId, final long reservationId)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().release(s, requestId, reservationId), s);
    }

    default CompletableFuture<Outcome> transfer(final String requestId, final String sku, final String from,
        final String to, final long quantity)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().transfer(s, CommandType.TRANSFER, requestId, sku, from, to, quantity), s);
    }

    default CompletableFuture<Outcome> transferOut(final String requestId, final String sku, final String from,
        final String to, final long quantity)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().transfer(s, CommandType.TRANSFER_OUT, requestId, sku, from, to, quantity), s);
    }

    default CompletableFuture<Outcome> transferIn(final String requestId, final String sku, final String to,
        final long quantity)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().transferIn(s, requestId, sku, to, quantity), s);
    }

    default CompletableFuture<Outcome> setPolicy(final String requestId, final String sku, final String location,
        final long safetyStock, final long reorderPoint)
    {
        final CommandSlot s = new CommandSlot();
        return validated(requests().setPolicy(s, requestId, sku, location, safetyStock, reorderPoint), s);
    }

    /** The latest consistent level of one entry; empty if the sku, the location or the entry is unknown. */
    default Optional<StockLevel> stock(final String sku, final String location)
    {
        return reads().stock(sku, location);
    }

    /** The levels of one sku at every location that has an entry for it. */
    default List<StockLevel> stockOfSku(final String sku)
    {
        return reads().stockOfSku(sku);
    }

    /** Every (sku, location) entry's current level, at background pace: what the planner and the metrics scan. */
    default void forEachStockLevel(final Consumer<StockLevel> visitor)
    {
        reads().forEachStockLevel(visitor, ScanPace.BACKGROUND);
    }

    /** Whether a command with this request id was applied (its first outcome answers a retry). */
    default boolean isKnownRequest(final String requestId)
    {
        return reads().isKnownRequest(requestId);
    }

    default Optional<ReservationView> reservation(final long id)
    {
        return reads().reservation(id);
    }
}
