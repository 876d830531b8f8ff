package io.stockring.engine;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.StockLevel;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The child JVM of {@link CrashRecoveryIT}: starts the engine on a data directory (recovering
 * whatever the previous run left), makes sure the catalog and the opening stock are there, then
 * runs a mixed load from several threads until it is killed with SIGKILL.
 *
 * <p>Every acknowledged outcome (the future completed with a code that is not a capacity or
 * system refusal) is printed to stdout, one line per outcome, in one write each:
 *
 * <pre>
 *   ACK &lt;resultCode&gt; &lt;value&gt; &lt;seq&gt; &lt;request as LoadRequest text&gt;
 * </pre>
 *
 * Other lines: {@code RECOVERED mode uptimeMs report} (how this run started), {@code READY uptimeMs}
 * (the load starts now),
 * {@code SYS ...} (a refused request: not acknowledged), {@code ERR ...} (a bug: the parent fails).
 *
 * <p>Arguments: dataDir seed cycle threads.
 */
public final class CrashLoadChild
{
    static final String[] SKUS = {"SKU-0", "SKU-1", "SKU-2", "SKU-3", "SKU-4", "SKU-5"};
    static final String[] LOCATIONS = {"WH", "RW", "ST-1", "ST-2", "ONL"};
    static final String[] CHANNELS = {"app", "mini", "store"};
    /** Room for every request id of a whole test run (ids are never purged: retention is 24 h). */
    static final LedgerCapacity CAPACITY = new LedgerCapacity(100, 20, 1_000, 60_000, 150_000);
    private static final int IN_FLIGHT_PER_THREAD = 16;
    /**
     * Requests per second and thread, at most: keeps the request ids of a whole run (5 cycles of
     * up to 2.5 s) well inside {@link #CAPACITY} on a fast machine; a slow one never reaches it.
     */
    private static final int MAX_RATE_PER_THREAD = 2_500;

    private static FileOutputStream stdout;

    private CrashLoadChild()
    {
    }

    /** The engine configuration of the child; the parent uses the same with timers off. */
    static EngineConfig config(final Path dataDir)
    {
        return new EngineConfig()
            .dataDir(dataDir)
            .durability(Durability.SYNC)
            .capacity(CAPACITY)
            .ringSize(4096)
            .journalSegmentBytes(1024 * 1024)
            .expireTickMs(50)
            .checkpointIntervalMs(300)
            .snapshotsRetained(2);
    }

    public static void main(final String[] args) throws Exception
    {
        stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        final Path dataDir = Path.of(args[0]);
        final long seed = Long.parseLong(args[1]);
        final int cycle = Integer.parseInt(args[2]);
        final int threads = Integer.parseInt(args[3]);

        final Thread watchdog = new Thread(() ->
        {
            try
            {
                Thread.sleep(120_000);
            }
            catch (final InterruptedException ignored)
            {
                // exit below anyway
            }
            System.err.println("crash child: never killed, exiting on its own");
            Runtime.getRuntime().halt(3);
        }, "crash-child-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        final StockEngine engine;
        try
        {
            engine = StockEngine.start(config(dataDir));
        }
        catch (final Throwable t)
        {
            emit("ERR start " + t.toString().replace('\n', ' '));
            t.printStackTrace();
            Runtime.getRuntime().halt(2);
            return;
        }
        emit("RECOVERED " + engine.recoveryReport().mode() + " " + ManagementFactory.getRuntimeMXBean().getUptime() +
            " " + engine.recoveryReport().toString().replace(' ', '_'));

        final Child child = new Child(engine, cycle);
        try
        {
            child.setup();
        }
        catch (final Throwable t)
        {
            emit("ERR setup " + t.toString().replace('\n', ' '));
            t.printStackTrace();
            Runtime.getRuntime().halt(2);
            return;
        }
        emit("READY " + ManagementFactory.getRuntimeMXBean().getUptime());
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int index = t;
            final Random rnd = new Random(seed * 31 + t);
            final Thread w = new Thread(() -> child.load(index, rnd), "crash-load-" + t);
            w.start();
            workers.add(w);
        }
        for (final Thread w : workers)
        {
            w.join();
        }
    }

    /** One line, one write(2): a SIGKILL leaves at most the last line incomplete. */
    static void emit(final String line)
    {
        final byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (CrashLoadChild.class)
        {
            try
            {
                stdout.write(bytes);
                stdout.flush();
            }
            catch (final IOException e)
            {
                // the parent is gone; nothing to report to
                Runtime.getRuntime().halt(4);
            }
        }
    }

    private static final class Child
    {
        private final StockEngine engine;
        private final int cycle;
        private final ConcurrentLinkedDeque<Long> held = new ConcurrentLinkedDeque<>();
        private final ConcurrentLinkedDeque<Long> finished = new ConcurrentLinkedDeque<>();
        private final ConcurrentLinkedDeque<String[]> inTransit = new ConcurrentLinkedDeque<>();

        Child(final StockEngine engine, final int cycle)
        {
            this.engine = engine;
            this.cycle = cycle;
        }

        /**
         * The catalog and opening stock; the same request ids every cycle, so later cycles send
         * retries. Codes are resolved at the edge, so each level waits for the one it names.
         */
        void setup() throws Exception
        {
            final List<List<LoadRequest>> levels = new ArrayList<>();
            levels.add(List.of(LoadRequest.of("LOC", "setup-loc-WH", "WH", "Central", LocationKind.CENTRAL_WAREHOUSE,
                "-")));
            levels.add(List.of(
                LoadRequest.of("LOC", "setup-loc-RW", "RW", "Regional", LocationKind.REGIONAL_WAREHOUSE, "WH"),
                LoadRequest.of("LOC", "setup-loc-ONL", "ONL", "Online", LocationKind.ONLINE_POOL, "WH")));
            final List<LoadRequest> third = new ArrayList<>();
            third.add(LoadRequest.of("LOC", "setup-loc-ST-1", "ST-1", "Store-1", LocationKind.STORE, "RW"));
            third.add(LoadRequest.of("LOC", "setup-loc-ST-2", "ST-2", "Store-2", LocationKind.STORE, "RW"));
            for (final String sku : SKUS)
            {
                third.add(LoadRequest.of("ITEM", "setup-item-" + sku, sku, "Gift-" + sku, "gifts"));
            }
            levels.add(third);
            final List<LoadRequest> receipts = new ArrayList<>();
            for (final String sku : SKUS)
            {
                for (final String loc : LOCATIONS)
                {
                    receipts.add(LoadRequest.of("RECEIVE", "setup-recv-" + sku + "-" + loc, sku, loc,
                        "WH".equals(loc) ? 500 : 100));
                }
            }
            levels.add(receipts);
            for (final List<LoadRequest> level : levels)
            {
                final List<CompletableFuture<Outcome>> futures = new ArrayList<>();
                for (final LoadRequest r : level)
                {
                    futures.add(r.submit(engine));
                }
                for (int i = 0; i < level.size(); i++)
                {
                    final LoadRequest r = level.get(i);
                    final Outcome o = futures.get(i).get(60, TimeUnit.SECONDS);
                    if (!o.isOk())
                    {
                        throw new IllegalStateException("setup request " + r + " answered " + o);
                    }
                    emit("ACK " + o.code() + " " + o.value() + " " + o.seq() + " " + r.encode());
                }
            }
        }

        void load(final int thread, final Random rnd)
        {
            final Semaphore inFlight = new Semaphore(IN_FLIGHT_PER_THREAD);
            final long start = System.nanoTime();
            long n = 0;
            while (true)
            {
                final long ahead = start + n * 1_000_000_000L / MAX_RATE_PER_THREAD - System.nanoTime();
                if (ahead > 0)
                {
                    LockSupport.parkNanos(ahead);
                }
                try
                {
                    inFlight.acquire();
                }
                catch (final InterruptedException e)
                {
                    return;
                }
                final LoadRequest req = next(rnd, "c" + cycle + "-t" + thread + "-" + n++);
                final CompletableFuture<Outcome> f;
                try
                {
                    f = req.submit(engine);
                }
                catch (final Throwable t)
                {
                    inFlight.release();
                    emit("ERR submit " + req.encode() + " " + t.toString().replace('\n', ' '));
                    continue;
                }
                f.whenComplete((o, t) ->
                {
                    inFlight.release();
                    completed(req, o, t);
                });
            }
        }

        private void completed(final LoadRequest req, final Outcome o, final Throwable t)
        {
            if (t != null)
            {
                emit("ERR exception " + req.encode() + " " + t.toString().replace('\n', ' '));
                return;
            }
            final ResultCode code = o.code();
            if (code.isCapacityOrSystem())
            {
                // Refused or failed by the system: not acknowledged. RING_FULL is expected under load.
                if (code != ResultCode.RING_FULL)
                {
                    emit("SYS " + code + " " + req.encode());
                }
                return;
            }
            emit("ACK " + code + " " + o.value() + " " + o.seq() + " " + req.encode());
            switch (req.kind)
            {
                case "RESERVE":
                    if (code == ResultCode.OK)
                    {
                        held.add(o.value());
                    }
                    break;
                case "CONFIRM":
                case "RELEASE":
                    finished.add(req.longArg(0));
                    if (finished.size() > 1000)
                    {
                        finished.pollFirst();
                    }
                    break;
                case "TRANSFER_OUT":
                    if (code == ResultCode.OK)
                    {
                        inTransit.add(new String[]{req.args[0], req.args[2], req.args[3]});
                    }
                    break;
                default:
                    break;
            }
        }

        private LoadRequest next(final Random rnd, final String rid)
        {
            final String sku = SKUS[rnd.nextInt(SKUS.length)];
            final String loc = LOCATIONS[rnd.nextInt(LOCATIONS.length)];
            final int op = rnd.nextInt(100);
            if (op < 35)
            {
                final int count = 1 + rnd.nextInt(3);
                final List<StockEngine.Line> lines = new ArrayList<>();
                for (int i = 0; i < count; i++)
                {
                    lines.add(new StockEngine.Line(SKUS[rnd.nextInt(SKUS.length)],
                        LOCATIONS[rnd.nextInt(LOCATIONS.length)], 1 + rnd.nextInt(3)));
                }
                if (rnd.nextInt(10) == 0)
                {
                    lines.add(lines.get(0)); // the same entry twice: summed before the check
                }
                if (rnd.nextInt(50) == 0)
                {
                    lines.set(0, new StockEngine.Line("SKU-NONE", loc, 1)); // a remembered UNKNOWN_SKU
                }
                return LoadRequest.reserve(rid, CHANNELS[rnd.nextInt(CHANNELS.length)], 200 + rnd.nextInt(2800), lines);
            }
            if (op < 60)
            {
                final String kind = op < 45 ? "CONFIRM" : "RELEASE";
                Long id = rnd.nextBoolean() ? held.pollFirst() : held.pollLast();
                if (id == null || rnd.nextInt(20) == 0)
                {
                    final Long old = finished.peekLast();
                    id = old != null && rnd.nextBoolean() ? old : (long)(1 + rnd.nextInt(5_000_000));
                }
                return LoadRequest.of(kind, rid, id);
            }
            if (op < 70)
            {
                return LoadRequest.of("RECEIVE", rid, sku, loc, 1 + rnd.nextInt(30));
            }
            if (op < 78)
            {
                return LoadRequest.of("TRANSFER", rid, sku, loc, otherLocation(rnd, loc), 1 + rnd.nextInt(5));
            }
            if (op < 82)
            {
                return LoadRequest.of("TRANSFER_OUT", rid, sku, loc, otherLocation(rnd, loc), 1 + rnd.nextInt(5));
            }
            if (op < 86)
            {
                final String[] t = inTransit.pollFirst();
                if (t == null || rnd.nextInt(10) == 0)
                {
                    return LoadRequest.of("TRANSFER_IN", rid, sku, loc, 1 + rnd.nextInt(5));
                }
                return LoadRequest.of("TRANSFER_IN", rid, t[0], t[1], t[2]);
            }
            if (op < 92)
            {
                final long delta = (1 + rnd.nextInt(5)) * (rnd.nextBoolean() ? 1 : -1);
                return LoadRequest.of("ADJUST_BY", rid, sku, loc, delta, delta > 0 ? "found" : "damaged");
            }
            if (op < 96)
            {
                final Optional<StockLevel> level = engine.stock(sku, loc);
                final long expected = level.map(StockLevel::onHand).orElse(0L);
                final long newOnHand = Math.max(0, expected + rnd.nextInt(7) - 3);
                return LoadRequest.of("ADJUST_TO", rid, sku, loc, expected, newOnHand, "stocktake");
            }
            return LoadRequest.of("POLICY", rid, sku, loc, rnd.nextInt(20), rnd.nextInt(40));
        }

        private static String otherLocation(final Random rnd, final String loc)
        {
            String to = loc;
            while (to.equals(loc))
            {
                to = LOCATIONS[rnd.nextInt(LOCATIONS.length)];
            }
            return to;
        }
    }
}
