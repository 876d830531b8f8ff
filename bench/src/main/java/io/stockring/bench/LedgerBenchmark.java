package io.stockring.bench;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerVerifier;
import io.stockring.core.ledger.StockStateMachine;
import io.stockring.core.recovery.Recovery;
import io.stockring.core.request.CommandRequests;
import io.stockring.engine.CommandSlot;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.values.Values;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.nio.file.Path;
import java.util.HashMap;

/**
 * The ledger's cost alone, without ring or journal: the same reserve-then-release pairs as
 * {@link EngineThroughputBenchmark}, applied on this thread straight to the
 * {@link StockStateMachine} (stock entry in a persisted Chronicle Map, idempotency and
 * reservation records in the ledger's record rings), with an expiry tick every {@value BenchConfigs#EXPIRE_TICK_MS} ms of wall time
 * that purges records 500 ms after use, as the engine's timer does.
 *
 * <ul>
 *   <li>{@link #ledger()}: the real state machine and ledger.</li>
 *   <li>{@link #baseline()}: the same edge work (validation, content hash, request id) and the same
 *       bookkeeping (request record, stock arithmetic, reservation record, purge) on plain
 *       {@code HashMap}s: what the logic costs without the persisted maps.</li>
 *   <li>{@link #chronicleOneLongInPlace()}: one {@code acquireUsing} in-place update of one long
 *       per command in a persisted Chronicle Map, nothing else: the floor of a single map
 *       operation.</li>
 * </ul>
 *
 * Only the state each benchmark method needs is built (see {@link #setUp(BenchmarkParams)}).
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class LedgerBenchmark extends ChronicleForkedBenchmark
{
    /** Reserves (then releases) per invocation, as in the engine benchmark. */
    static final int PAIRS = 4096;
    private static final int EXPIRE_BATCH = 2_000;
    private static final long HELD = 0;
    private static final long RELEASED = 1;

    @Param({"100000"})
    public int skus;

    @Param({"UNIFORM", "HOT"})
    public Distribution distribution;

    private String[] skuCodes;
    private int[] picks;
    private int pickCursor;
    private long requestCounter;
    private final CommandSlot slot = new CommandSlot();
    private final String[] lineSkus = new String[1];
    private final String[] lineLocations = {BenchConfigs.LOCATION};
    private final long[] lineQuantities = {1};
    private final long[] reservationIds = new long[PAIRS];
    private long failures;
    private String firstFailure;

    // ledger()
    private Path dir;
    private Ledger ledger;
    private StockStateMachine machine;
    private CommandRequests requests;
    private long lastTickMs;

    // baseline(): the same edge over an empty catalog, heap maps for the records.
    private CommandRequests heapEdge;
    private HashMap<Long, long[]> heapStock;
    private HashMap<Long, long[]> heapReservations;
    private HashMap<String, long[]> heapRequests;
    private final long[] pickedKeys = new long[PAIRS];
    private final String[] batchRequestIds = new String[2 * PAIRS];
    private long heapSeq;

    // chronicleOneLongInPlace()
    private ChronicleMap<LongValue, LongValue> raw;
    private LongValue rawKey;
    private LongValue rawValue;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws Exception
    {
        skuCodes = new String[skus];
        for (int i = 0; i < skus; i++)
        {
            skuCodes[i] = BenchConfigs.sku(i);
        }
        picks = distribution.picks(skus, 42);
        dir = TempDirs.create("stockring-bench-ledger-");
        final String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        switch (method)
        {
            case "ledger":
                setUpLedger();
                break;
            case "baseline":
                setUpHeap();
                break;
            case "chronicleOneLongInPlace":
                setUpRaw();
                break;
            default:
                throw new IllegalStateException("no set-up for " + method);
        }
    }

    private void setUpLedger() throws Exception
    {
        final Recovery.Result recovered = Recovery.recover(BenchConfigs.engine(dir.resolve("data"), Durability.ASYNC).store());
        ledger = recovered.ledger();
        machine = recovered.machine();
        requests = new CommandRequests(ledger.catalog());
        final long now = System.currentTimeMillis();
        applyOk(requests.upsertLocation(slot, "setup-location", BenchConfigs.LOCATION, "Bench warehouse",
            LocationKind.CENTRAL_WAREHOUSE, null), now);
        for (int i = 0; i < skus; i++)
        {
            applyOk(requests.upsertItem(slot, "setup-item-" + i, skuCodes[i], "Bench item " + i, "bench"), now);
        }
        for (int i = 0; i < skus; i++)
        {
            applyOk(requests.receive(slot, "setup-receive-" + i, skuCodes[i], BenchConfigs.LOCATION,
                i == 0 ? BenchConfigs.HOT_STOCK : BenchConfigs.STOCK), now);
        }
        lastTickMs = now;
    }

    private void setUpHeap()
    {
        heapEdge = new CommandRequests(new Catalog());
        heapStock = new HashMap<>();
        heapReservations = new HashMap<>();
        heapRequests = new HashMap<>();
        for (int i = 0; i < skus; i++)
        {
            heapStock.put((long)i, new long[]{i == 0 ? BenchConfigs.HOT_STOCK : BenchConfigs.STOCK, 0});
        }
    }

    private void setUpRaw() throws Exception
    {
        raw = ChronicleMapBuilder.of(LongValue.class, LongValue.class)
            .name("bench-raw")
            .entries(skus)
            .createPersistedTo(dir.resolve("raw.cm").toFile());
        rawKey = Values.newHeapInstance(LongValue.class);
        rawValue = Values.newNativeReference(LongValue.class);
        for (int i = 0; i < skus; i++)
        {
            rawKey.setValue(i);
            raw.acquireUsing(rawKey, rawValue);
            rawValue.setValue(i == 0 ? BenchConfigs.HOT_STOCK : BenchConfigs.STOCK);
        }
    }

    private void applyOk(final ResultCode edge, final long nowMs)
    {
        if (edge != ResultCode.OK)
        {
            throw new IllegalStateException("set-up request rejected at the edge: " + edge);
        }
        apply(nowMs);
        if (slot.result != ResultCode.OK)
        {
            throw new IllegalStateException("set-up command failed: " + slot);
        }
    }

    /** What the Journaler and the writer do to a slot, minus the journal. */
    private void apply(final long nowMs)
    {
        slot.timestampMs = nowMs;
        slot.seq = machine.appliedSeq() + 1;
        machine.apply(slot);
    }

    private String nextRequestId()
    {
        return "b-" + requestCounter++;
    }

    private int nextPick()
    {
        return picks[pickCursor++ & (Distribution.PICKS - 1)];
    }

    private void fail(final String what)
    {
        failures++;
        if (firstFailure == null)
        {
            firstFailure = what;
        }
    }

    @Benchmark
    @OperationsPerInvocation(2 * PAIRS)
    public long ledger()
    {
        final long now = System.currentTimeMillis();
        for (int i = 0; i < PAIRS; i++)
        {
            lineSkus[0] = skuCodes[nextPick()];
            requests.reserve(slot, nextRequestId(), BenchConfigs.CHANNEL, lineSkus, lineLocations, lineQuantities, 1,
                BenchConfigs.TTL_MS);
            apply(now);
            if (slot.result == ResultCode.OK)
            {
                reservationIds[i] = slot.resultValue;
            }
            else
            {
                reservationIds[i] = 0;
                fail(slot.toString());
            }
        }
        for (int i = 0; i < PAIRS; i++)
        {
            if (reservationIds[i] <= 0)
            {
                continue;
            }
            requests.release(slot, nextRequestId(), reservationIds[i]);
            apply(now);
            if (slot.result != ResultCode.OK)
            {
                fail(slot.toString());
            }
        }
        if (now - lastTickMs >= BenchConfigs.EXPIRE_TICK_MS)
        {
            CommandRequests.expireDue(slot, EXPIRE_BATCH);
            apply(now);
            lastTickMs = now;
        }
        return machine.appliedSeq();
    }

    @Benchmark
    @OperationsPerInvocation(2 * PAIRS)
    public long baseline()
    {
        final long now = System.currentTimeMillis();
        int r = 0;
        for (int i = 0; i < PAIRS; i++)
        {
            final int pick = nextPick();
            lineSkus[0] = skuCodes[pick];
            final String requestId = nextRequestId();
            heapEdge.reserve(slot, requestId, BenchConfigs.CHANNEL, lineSkus, lineLocations, lineQuantities, 1,
                BenchConfigs.TTL_MS);
            batchRequestIds[r++] = requestId;
            final long seq = ++heapSeq;
            if (heapRequests.get(requestId) != null)
            {
                fail("duplicate " + requestId);
            }
            final long[] entry = heapStock.get((long)pick);
            final long quantity = slot.lineQuantities[0];
            if (entry[0] - entry[1] < quantity)
            {
                fail("insufficient " + pick);
                reservationIds[i] = 0;
                continue;
            }
            entry[1] += quantity;
            heapReservations.put(seq, new long[]{pick, quantity, HELD, now, now + slot.ttlMs});
            heapRequests.put(requestId, new long[]{seq, slot.contentHash, 0, seq, now});
            reservationIds[i] = seq;
            pickedKeys[i] = pick;
        }
        for (int i = 0; i < PAIRS; i++)
        {
            if (reservationIds[i] <= 0)
            {
                continue;
            }
            final String requestId = nextRequestId();
            heapEdge.release(slot, requestId, reservationIds[i]);
            batchRequestIds[r++] = requestId;
            final long seq = ++heapSeq;
            final long[] reservation = heapReservations.get(slot.reservationId);
            if (reservation == null || reservation[2] != HELD)
            {
                fail("not held " + slot.reservationId);
                continue;
            }
            final long[] entry = heapStock.get(reservation[0]);
            entry[1] -= reservation[1];
            reservation[2] = RELEASED;
            heapRequests.put(requestId, new long[]{seq, slot.contentHash, 0, reservation[0], now});
        }
        for (int i = 0; i < PAIRS; i++)
        {
            heapReservations.remove(reservationIds[i]);
        }
        for (int i = 0; i < r; i++)
        {
            heapRequests.remove(batchRequestIds[i]);
        }
        return heapSeq;
    }

    @Benchmark
    @OperationsPerInvocation(2 * PAIRS)
    public long chronicleOneLongInPlace()
    {
        for (int i = 0; i < PAIRS; i++)
        {
            final int pick = nextPick();
            pickedKeys[i] = pick;
            rawKey.setValue(pick);
            raw.acquireUsing(rawKey, rawValue);
            rawValue.addValue(-1);
        }
        for (int i = 0; i < PAIRS; i++)
        {
            rawKey.setValue(pickedKeys[i]);
            raw.acquireUsing(rawKey, rawValue);
            rawValue.addValue(1);
        }
        return rawValue.getValue();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception
    {
        try
        {
            if (failures > 0)
            {
                throw new IllegalStateException(failures + " command(s) failed; first: " + firstFailure);
            }
            if (ledger != null)
            {
                final LedgerVerifier.Report report = LedgerVerifier.verify(ledger);
                System.out.println("[ledger] " + report + "; requestsPurged=" + machine.requestsPurged() +
                    " reservationsPurged=" + machine.reservationsPurged());
                if (!report.isClean() || report.totalReserved() != 0)
                {
                    throw new IllegalStateException("ledger not clean after the run: " + report);
                }
            }
        }
        finally
        {
            try
            {
                if (ledger != null)
                {
                    ledger.close();
                }
                if (raw != null)
                {
                    raw.close();
                }
            }
            finally
            {
                TempDirs.delete(dir);
            }
        }
    }
}
