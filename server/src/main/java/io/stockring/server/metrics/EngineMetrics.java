package io.stockring.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.JournalWriter;
import io.stockring.core.ledger.Ledger;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.StockStateMachine;
import io.stockring.core.recovery.Recovery;
import io.stockring.engine.StockEngine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The engine's own counters as meters. Every meter here is a {@link Gauge} or a
 * {@link FunctionCounter} over a plain field the owning stage thread writes; Micrometer reads
 * them when scraped. Nothing on the ring's threads looks a meter up or allocates for metrics;
 * the meters recorded from the writer thread are the fsync timer, right after an fsync (a few
 * nanoseconds next to the fsync itself), and the stage timers, for one command in sixteen
 * ({@link io.stockring.engine.StageObserver}).
 *
 * <p>Values are read without synchronisation: a scrape may see a counter a few commands old,
 * never a torn value (aligned longs on a 64-bit JVM).
 *
 * <p>Commands by type and result code are registered lazily ({@link #refresh}, on the scrape
 * thread) the first time a pair is non-zero, so the exposition carries the pairs that happened
 * and not the ~500 that cannot; the pairs alerts divide by are registered at once.
 */
final class EngineMetrics
{
    private static final CommandType[] TYPES = CommandType.values();
    private static final ResultCode[] RESULTS = ResultCode.values();

    private final MeterRegistry registry;
    private final StockEngine engine;
    private final StockStateMachine machine;
    private final boolean[] registered = new boolean[TYPES.length * RESULTS.length];
    private final long startedAtMs = System.currentTimeMillis();

    EngineMetrics(final MeterRegistry registry, final StockEngine engine)
    {
        this.registry = registry;
        this.engine = engine;
        this.machine = engine.stateMachine();
        bindRing();
        bindWriter();
        bindJournal();
        bindStages();
        bindRecovery();
        bindLedger();
        for (final CommandType type : TYPES)
        {
            if (type.isJournaled())
            {
                registerOutcome(type, ResultCode.OK);
            }
        }
        registerOutcome(CommandType.RESERVE, ResultCode.INSUFFICIENT_STOCK);
        refresh();
    }

    private void bindRing()
    {
        Gauge.builder("stockring.ring.remaining.capacity", engine, StockEngine::ringRemainingCapacity)
            .description("Free slots in the command ring; 0 means new commands are refused (RESOURCE_EXHAUSTED)")
            .register(registry);
        Gauge.builder("stockring.ring.size", engine, StockEngine::ringSize)
            .description("Slots in the command ring")
            .register(registry);
    }

    private void bindWriter()
    {
        FunctionCounter.builder("stockring.writer.batches", engine, StockEngine::writerBatches)
            .description("Ring batches the writer applied (commands / batches = mean batch size)")
            .register(registry);
        FunctionCounter.builder("stockring.writer.busy.seconds", engine, e -> e.writerBusyNanos() / 1e9)
            .description("Time the writer spent applying commands (rate = writer utilisation, 0-1)")
            .register(registry);
        FunctionCounter.builder("stockring.writer.commands.applied", machine, StockStateMachine::commandsApplied)
            .description("Journaled commands applied (first attempts; replayed ones included)")
            .register(registry);
        FunctionCounter.builder("stockring.writer.duplicates", machine, StockStateMachine::duplicates)
            .description("Retries answered with the stored outcome of their request id")
            .register(registry);
        Gauge.builder("stockring.writer.applied.seq", machine, StockStateMachine::appliedSeq)
            .description("Journal sequence of the last command applied")
            .register(registry);
        Gauge.builder("stockring.engine.healthy", engine, e -> e.isHealthy() ? 1 : 0)
            .description("1 while the journal and the writer work; 0 after a fail-stop (restart to recover)")
            .register(registry);
        Gauge.builder("stockring.checkpoint.age.seconds", this, EngineMetrics::checkpointAgeSeconds)
            .description("Time since the last snapshot (since start-up when none was taken yet)")
            .register(registry);
        Gauge.builder("stockring.checkpoint.last.seq", engine, StockEngine::lastCheckpointSeq)
            .description("Sequence of the last snapshot taken by this process")
            .register(registry);
        Gauge.builder("stockring.checkpoint.last.duration.seconds", engine, e -> e.lastCheckpointNanos() / 1e9)
            .description("How long the last snapshot took on the snapshotter thread (the writer does not wait)")
            .register(registry);
        Gauge.builder("stockring.snapshot.replica.lag", engine, StockEngine::snapshotReplicaLag)
            .description("Commands the writer applied that the snapshot replica has not replayed yet")
            .register(registry);
        Gauge.builder("stockring.snapshot.replica.working", engine, e -> e.snapshotsWorking() ? 1 : 0)
            .description("1 while the snapshot replica follows the journal; 0 after it failed (restart rebuilds it)")
            .register(registry);
        FunctionCounter.builder("stockring.reservations.expired", machine, StockStateMachine::reservationsExpired)
            .description("Reservations that expired (TTL)")
            .register(registry);
        Gauge.builder("stockring.reservations.held", machine, StockStateMachine::heldReservations)
            .description("Reservations currently HELD")
            .register(registry);
        FunctionCounter.builder("stockring.stock.alert.level.changes", machine, StockStateMachine::alertLevelChanges)
            .description("Alert-level changes of stock entries")
            .register(registry);
        FunctionCounter.builder("stockring.stock.low.stock.events", machine, StockStateMachine::lowStockEvents)
            .description("Times available stock fell to or below the reorder point")
            .register(registry);
        FunctionCounter.builder("stockring.ledger.purged", machine, StockStateMachine::requestsPurged)
            .tag("map", "requests").description("Records purged after their retention").register(registry);
        FunctionCounter.builder("stockring.ledger.purged", machine, StockStateMachine::reservationsPurged)
            .tag("map", "reservations").description("Records purged after their retention").register(registry);
        FunctionCounter.builder("stockring.stock.reserve.rejected.for.stock", machine,
            StockStateMachine::reservesRejectedForStock)
            .description("Reserves refused with INSUFFICIENT_STOCK (the stockout numerator)")
            .register(registry);
        FunctionCounter.builder("stockring.stock.reserve.requests", this, EngineMetrics::reserveRequests)
            .description("Reserves the writer decided, whatever the outcome (the stockout denominator)")
            .register(registry);
        Gauge.builder("stockring.stock.stockout.ratio", this, EngineMetrics::stockoutRatio)
            .description("INSUFFICIENT_STOCK refusals / reserve requests since start-up (PromQL: over a window)")
            .register(registry);
    }

    private void bindJournal()
    {
        final JournalWriter journal = engine.journal();
        FunctionCounter.builder("stockring.journal.written.bytes", journal, JournalWriter::bytesWritten)
            .description("Bytes appended to the journal")
            .register(registry);
        Gauge.builder("stockring.journal.fsync.last.seconds", journal, j -> j.lastFsyncNanos() / 1e9)
            .description("Duration of the last fsync")
            .register(registry);
        final Timer fsync = Timer.builder("stockring.journal.fsync")
            .description("Journal fsync latency (one fsync per ring batch in sync mode)")
            .serviceLevelObjectives(Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(2),
                Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1))
            .register(registry);
        journal.fsyncObserver(nanos -> fsync.record(nanos, TimeUnit.NANOSECONDS));
    }

    /** Where a command's time goes inside the engine, sampled (StageObserver). */
    private void bindStages()
    {
        final Timer queue = stageTimer("queue");
        final Timer journal = stageTimer("journal");
        final Timer apply = stageTimer("apply");
        final Timer reply = stageTimer("reply");
        engine.stageObserver((queueNanos, journalNanos, applyNanos, replyNanos) ->
        {
            queue.record(queueNanos, TimeUnit.NANOSECONDS);
            journal.record(journalNanos, TimeUnit.NANOSECONDS);
            apply.record(applyNanos, TimeUnit.NANOSECONDS);
            reply.record(replyNanos, TimeUnit.NANOSECONDS);
        });
    }

    private Timer stageTimer(final String stage)
    {
        return Timer.builder("stockring.engine.stage")
            .description("A sampled command's time (one in " + StockEngine.STAGE_SAMPLE_EVERY + ") in each engine " +
                "stage of the writer: queue = published to its batch starting, journal = append and group-commit " +
                "fsync, apply = the ledger, reply = the callback completing the call")
            .tag("stage", stage)
            .serviceLevelObjectives(Duration.ofNanos(50_000), Duration.ofNanos(250_000), Duration.ofMillis(1),
                Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofMillis(250), Duration.ofSeconds(1))
            .register(registry);
    }

    private void bindRecovery()
    {
        final Recovery.Report report = engine.recoveryReport();
        Gauge.builder("stockring.recovery.replayed.commands", report, Recovery.Report::replayed)
            .tag("mode", report.mode().name())
            .description("Journal records replayed at start-up")
            .register(registry);
        Gauge.builder("stockring.recovery.duration.seconds", report, r -> r.durationMs() / 1000.0)
            .tag("mode", report.mode().name())
            .description("Time recovery took at start-up, replay included")
            .register(registry);
        Gauge.builder("stockring.recovery.cut.bytes", report, Recovery.Report::cutBytes)
            .description("Bytes of torn journal tail cut at start-up")
            .register(registry);
    }

    private void bindLedger()
    {
        final Ledger ledger = engine.ledger();
        final LedgerCapacity capacity = ledger.capacity();
        ledgerMap("stock", ledger, Ledger::stockCount, capacity.stockEntries());
        ledgerMap("reservations", ledger, Ledger::reservationCount, capacity.reservations());
        ledgerMap("requests", ledger, Ledger::requestCount, capacity.requestIds());
        ledgerMap("items", ledger, l -> l.catalog().itemCount(), capacity.items());
        ledgerMap("locations", ledger, l -> l.catalog().locationCount(), capacity.locations());
    }

    private void ledgerMap(final String map, final Ledger ledger, final ToDoubleFunction<Ledger> used,
        final long capacity)
    {
        Gauge.builder("stockring.ledger.entries", ledger, used).tag("map", map)
            .description("Entries in a ledger map").register(registry);
        Gauge.builder("stockring.ledger.capacity", ledger, l -> capacity).tag("map", map)
            .description("Entries a ledger map is sized for (full: LEDGER_FULL)").register(registry);
    }

    /** Registers counters for (type, result) pairs that became non-zero since the last call. */
    void refresh()
    {
        for (final CommandType type : TYPES)
        {
            if (!type.isJournaled())
            {
                continue;
            }
            for (final ResultCode result : RESULTS)
            {
                if (!registered[index(type, result)] && machine.outcomes(type, result) != 0)
                {
                    registerOutcome(type, result);
                }
            }
        }
    }

    private void registerOutcome(final CommandType type, final ResultCode result)
    {
        registered[index(type, result)] = true;
        FunctionCounter.builder("stockring.writer.commands", machine, m -> m.outcomes(type, result))
            .tags(Tags.of("type", type.name(), "result", result.name()))
            .description("Commands the writer decided, by type and result code (exact retries not counted)")
            .register(registry);
    }

    private static int index(final CommandType type, final ResultCode result)
    {
        return type.ordinal() * RESULTS.length + result.ordinal();
    }

    private double reserveRequests()
    {
        long n = 0;
        for (final ResultCode result : RESULTS)
        {
            n += machine.outcomes(CommandType.RESERVE, result);
        }
        return n;
    }

    private double stockoutRatio()
    {
        final double requests = reserveRequests();
        return requests == 0 ? 0 : machine.reservesRejectedForStock() / requests;
    }

    private double checkpointAgeSeconds()
    {
        final long at = engine.lastCheckpointAtMs();
        return (System.currentTimeMillis() - (at > 0 ? at : startedAtMs)) / 1000.0;
    }
}
