package io.stockring.core.testing;

import io.stockring.core.command.Command;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.journal.JournalWriter;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.LedgerReads;
import io.stockring.core.ledger.StockEventListener;
import io.stockring.core.ledger.StockStateMachine;
import io.stockring.core.recovery.NodeMeta;
import io.stockring.core.recovery.Recovery;
import io.stockring.core.recovery.StoreConfig;
import io.stockring.core.request.CommandRequests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The core run by hand, one command at a time on the caller's thread: recover, then journal and
 * apply each command as the ring's stages would, without the ring. What the core's own tests
 * drive (deterministic, no threads), and the shape of any other host of the apply logic.
 */
public final class CoreDriver implements AutoCloseable
{
    public static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long SEGMENT_BYTES = 1024 * 1024;

    private final StoreConfig config;
    private final ManualClock clock;
    private final Recovery.Result recovered;
    private final JournalWriter journal;
    private final CommandRequests requests;
    private final LedgerReads reads;
    private final Supplier<String> bootId;
    private boolean closed;

    private CoreDriver(final StoreConfig config, final ManualClock clock) throws IOException
    {
        this.config = config;
        this.clock = clock;
        this.bootId = config.bootId();
        this.recovered = Recovery.recover(config);
        this.journal = new JournalWriter(config.journalDir(), SEGMENT_BYTES, Durability.ASYNC, recovered.journalTail());
        this.requests = new CommandRequests(recovered.ledger().catalog());
        this.reads = new LedgerReads(recovered.ledger());
    }

    /** Small tables, this machine's boot id, no listener. */
    public static StoreConfig config(final Path dataDir)
    {
        return config(dataDir, NodeMeta::currentBootId, StockEventListener.NONE);
    }

    public static StoreConfig config(final Path dataDir, final Supplier<String> bootId, final StockEventListener events)
    {
        return new StoreConfig(dataDir, LedgerCapacity.small(), 2, 24 * 3_600_000L, 7 * 24 * 3_600_000L, 20_000,
            bootId, events);
    }

    public static CoreDriver open(final StoreConfig config, final ManualClock clock) throws IOException
    {
        return new CoreDriver(config, clock);
    }

    /** Stamps the clock's time, journals and applies one validated command; the outcome as the writer left it. */
    public Outcome execute(final Command c) throws IOException
    {
        c.timestampMs = clock.getAsLong();
        journal.append(c);
        journal.endOfBatch();
        recovered.machine().apply(c);
        return new Outcome(c.result, c.resultValue, c.seq);
    }

    private Outcome validated(final ResultCode validation, final Command c) throws IOException
    {
        return validation == ResultCode.OK ? execute(c) : Outcome.of(validation);
    }

    public Outcome upsertItem(final String requestId, final String sku, final String name, final String category)
        throws IOException
    {
        final Command c = new Command();
        return validated(requests.upsertItem(c, requestId, sku, name, category), c);
    }

    public Outcome upsertLocation(final String requestId, final String code, final String name, final LocationKind kind,
        final String parent) throws IOException
    {
        final Command c = new Command();
        return validated(requests.upsertLocation(c, requestId, code, name, kind, parent), c);
    }

    public Outcome receive(final String requestId, final String sku, final String location, final long quantity)
        throws IOException
    {
        final Command c = new Command();
        return validated(requests.receive(c, requestId, sku, location, quantity), c);
    }

    public Outcome setPolicy(final String requestId, final String sku, final String location, final long safetyStock,
        final long reorderPoint) throws IOException
    {
        final Command c = new Command();
        return validated(requests.setPolicy(c, requestId, sku, location, safetyStock, reorderPoint), c);
    }

    /** A reserve of {@code lines} given as sku, location, quantity triples: "MUG", "CW", 3L, ... */
    public Outcome reserve(final String requestId, final String channel, final long ttlMs, final Object... lines)
        throws IOException
    {
        final int n = lines.length / 3;
        final String[] skus = new String[n];
        final String[] locations = new String[n];
        final long[] quantities = new long[n];
        for (int i = 0; i < n; i++)
        {
            skus[i] = (String)lines[3 * i];
            locations[i] = (String)lines[3 * i + 1];
            quantities[i] = ((Number)lines[3 * i + 2]).longValue();
        }
        final Command c = new Command();
        return validated(requests.reserve(c, requestId, channel, skus, locations, quantities, n, ttlMs), c);
    }

    public Outcome confirm(final String requestId, final long reservationId) throws IOException
    {
        final Command c = new Command();
        return validated(requests.confirm(c, requestId, reservationId), c);
    }

    public Outcome release(final String requestId, final long reservationId) throws IOException
    {
        final Command c = new Command();
        return validated(requests.release(c, requestId, reservationId), c);
    }

    public Outcome transfer(final String requestId, final String sku, final String from, final String to,
        final long quantity) throws IOException
    {
        final Command c = new Command();
        return validated(requests.transfer(c, CommandType.TRANSFER, requestId, sku, from, to, quantity), c);
    }

    public Outcome expireDue(final int maxCount) throws IOException
    {
        final Command c = new Command();
        CommandRequests.expireDue(c, maxCount);
        return execute(c);
    }

    public CommandRequests requests()
    {
        return requests;
    }

    public LedgerReads reads()
    {
        return reads;
    }

    public StockStateMachine machine()
    {
        return recovered.machine();
    }

    public Ledger ledger()
    {
        return recovered.ledger();
    }

    public Recovery.Report recoveryReport()
    {
        return recovered.report();
    }

    public StoreConfig config()
    {
        return config;
    }

    /** Stops as a process death would: nothing marked, files left as they are. */
    public void crash() throws IOException
    {
        closed = true;
        journal.close();
        recovered.ledger().close();
    }

    /** A clean stop: journal and ledger closed and fsynced, the directory marked stopped. */
    @Override
    public void close() throws IOException
    {
        if (closed)
        {
            return;
        }
        crash();
        new NodeMeta(NodeMeta.State.STOPPED, bootId.get()).write(config.dataDir());
    }
}
