package io.stockring.core.ledger;

import io.stockring.core.command.Command;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.RequestKeys;
import io.stockring.core.command.ReservationState;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.journal.JournalReader;
import io.stockring.core.journal.JournalWriter;
import io.stockring.core.recovery.Recovery;
import io.stockring.core.recovery.StoreConfig;
import io.stockring.core.request.CommandRequests;
import io.stockring.core.testing.CoreDriver;
import io.stockring.core.testing.ManualClock;
import io.stockring.core.testing.StateDigest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process-death path, made deterministic: the last command is applied, then the evidence of
 * that is torn the way a SIGKILL in the middle of it would leave it (progress not committed,
 * one record's newest version half-written, a reservation's creation or state change lost).
 * Recovery must redo the command exactly once: the state equals that of an engine that never
 * crashed.
 */
class HalfAppliedRedoTest
{
    @TempDir
    Path dir;

    /** The command that is half-applied when the process dies. */
    enum LastCommand
    {
        RESERVE_TWO_LINES,
        CONFIRM,
        RELEASE,
        EXPIRE_TICK,
        TRANSFER_TO_NEW_ENTRY,
        RECEIVE,
        UPSERT_NEW_ITEM
    }

    private final ManualClock clock = new ManualClock(CoreDriver.T0);
    private final List<Long> reservationIds = new ArrayList<>();

    private void prefix(final CoreDriver engine) throws IOException
    {
        engine.upsertLocation("p1", "CW", "Central", LocationKind.CENTRAL_WAREHOUSE, null);
        engine.upsertLocation("p2", "S1", "Store", LocationKind.STORE, "CW");
        engine.upsertItem("p3", "MUG", "Mug", "home");
        engine.upsertItem("p4", "PEN", "Pen", "office");
        engine.receive("p5", "MUG", "CW", 50);
        engine.receive("p6", "PEN", "CW", 30);
        engine.receive("p7", "MUG", "S1", 10);
        engine.setPolicy("p8", "MUG", "CW", 40, 45);
        reservationIds.add(engine.reserve("p9", "app", 5_000, "MUG", "CW", 3, "PEN", "CW", 2).value());
        reservationIds.add(engine.reserve("p10", "mini", 5_000, "MUG", "CW", 4).value());
        reservationIds.add(engine.reserve("p11", "app", 60_000, "MUG", "S1", 1).value());
    }

    private Command last(final LastCommand which, final CommandRequests requests)
    {
        final Command s = new Command();
        final ResultCode rc;
        switch (which)
        {
            case RESERVE_TWO_LINES:
                rc = requests.reserve(s, "last", "app", new String[]{"MUG", "PEN"}, new String[]{"CW", "CW"},
                    new long[]{5, 5}, 2, 9_000);
                break;
            case CONFIRM:
                rc = requests.confirm(s, "last", reservationIds.get(0));
                break;
            case RELEASE:
                rc = requests.release(s, "last", reservationIds.get(0));
                break;
            case EXPIRE_TICK:
                clock.advance(6_000);
                CommandRequests.expireDue(s, 10);
                rc = ResultCode.OK;
                break;
            case TRANSFER_TO_NEW_ENTRY:
                rc = requests.transfer(s, CommandType.TRANSFER, "last", "PEN", "CW", "S1", 7);
                break;
            case RECEIVE:
                rc = requests.receive(s, "last", "MUG", "CW", 11);
                break;
            case UPSERT_NEW_ITEM:
                rc = requests.upsertItem(s, "last", "CUP", "Cup", "home");
                break;
            default:
                throw new IllegalArgumentException();
        }
        assertEquals(ResultCode.OK, rc);
        s.timestampMs = clock.getAsLong();
        return s;
    }

    private CompletableFutureCommand lastThroughEngine(final LastCommand which)
    {
        return engine -> {
            switch (which)
            {
                case RESERVE_TWO_LINES:
                    return engine.reserve("last", "app", 9_000, "MUG", "CW", 5, "PEN", "CW", 5).value();
                case CONFIRM:
                    return engine.confirm("last", reservationIds.get(0)).value();
                case RELEASE:
                    return engine.release("last", reservationIds.get(0)).value();
                case EXPIRE_TICK:
                    clock.advance(6_000);
                    return engine.expireDue(10).value();
                case TRANSFER_TO_NEW_ENTRY:
                    return engine.transfer("last", "PEN", "CW", "S1", 7).value();
                case RECEIVE:
                    return engine.receive("last", "MUG", "CW", 11).value();
                case UPSERT_NEW_ITEM:
                    return engine.upsertItem("last", "CUP", "Cup", "home").value();
                default:
                    throw new IllegalArgumentException();
            }
        };
    }

    interface CompletableFutureCommand
    {
        long run(CoreDriver engine) throws IOException;
    }

    @ParameterizedTest
    @EnumSource(LastCommand.class)
    void shouldRedoAHalfAppliedCommandExactlyOnce(final LastCommand which) throws Exception
    {
        final String expected = referenceDigest(which);
        for (final Tear tear : Tear.values())
        {
            final Path data = dir.resolve(which + "-" + tear);
            clock.set(CoreDriver.T0);
            reservationIds.clear();
            final StoreConfig config = CoreDriver.config(data);
            try (CoreDriver engine = CoreDriver.open(config, clock))
            {
                prefix(engine);
            }
            crashDuring(config, which, tear);
            try (CoreDriver engine = CoreDriver.open(config, clock))
            {
                assertEquals(Recovery.Mode.PROCESS_CRASH, engine.recoveryReport().mode(), which + "/" + tear);
                assertEquals(1, engine.recoveryReport().replayed(), which + "/" + tear);
                assertEquals(expected, digest(engine), which + "/" + tear);
                final LedgerVerifier.Report report = LedgerVerifier.verify(engine.ledger());
                assertTrue(report.isClean(), which + "/" + tear + ": " + report);
                // and the redone command answers a retry with its first outcome, changing nothing
                final Command retry = last(which == LastCommand.EXPIRE_TICK ? LastCommand.RECEIVE : which,
                    engine.requests());
                if (which != LastCommand.EXPIRE_TICK)
                {
                    assertEquals(ResultCode.OK, engine.execute(retry).code());
                    assertEquals(expected, digest(engine), which + "/" + tear + " after retry");
                }
            }
        }
    }

    /** What the process had written when it died, beyond the journal record. */
    enum Tear
    {
        /** Every write of the command done, only the progress commit missing. */
        ALL_WRITTEN_PROGRESS_MISSING,
        /** The newest version of the first stock entry it touched is half-written. */
        STOCK_VERSION_TORN,
        /** The request's idempotency record is half-written. */
        REQUEST_RECORD_TORN,
        /** A reservation's creation or state change did not land. */
        RESERVATION_WRITE_LOST
    }

    private void crashDuring(final StoreConfig config, final LastCommand which, final Tear tear) throws Exception
    {
        final Recovery.Result r = Recovery.recover(config);
        final Ledger ledger = r.ledger();
        final JournalWriter journal = new JournalWriter(config.journalDir(), 1024 * 1024, Durability.ASYNC,
            r.journalTail());
        final Command s = last(which, new CommandRequests(ledger.catalog()));
        journal.append(s);
        journal.endOfBatch();
        journal.close();
        r.machine().apply(s);
        assertEquals(ResultCode.OK, s.result, which.toString());
        final long seq = s.seq;
        switch (tear)
        {
            case STOCK_VERSION_TORN:
                tearNewestStockVersionWrittenBy(ledger, seq);
                break;
            case REQUEST_RECORD_TORN:
                if (ledger.loadRequest(RequestKeys.hi("last"), RequestKeys.lo("last"), Long.MAX_VALUE))
                {
                    ledger.writerRequest().word(IdempotencyRecord.WORDS - 1, 0x5EED);
                }
                break;
            case RESERVATION_WRITE_LOST:
                for (long id = 1; id <= seq; id++)
                {
                    if (ledger.loadReservation(id, Long.MAX_VALUE))
                    {
                        final ReservationRecord rec = ledger.writerReservation();
                        if (rec.id == seq)
                        {
                            rec.word(22, 0x5EED);   // creation checksum: the record reads as torn
                        }
                        else if (rec.stateSeq == seq)
                        {
                            rec.word(23, 0);        // the state change never landed
                        }
                    }
                }
                break;
            default:
                break;
        }
        ledger.close();
        rollBackProgress(config.ledgerDir().resolve(Ledger.PROGRESS_FILE));
        assertEquals(seq, JournalReader.repairTail(config.journalDir()).lastSeq());
    }

    private static void tearNewestStockVersionWrittenBy(final Ledger ledger, final long seq)
    {
        final List<Long> keys = new ArrayList<>();
        ledger.forEachStock(Long.MAX_VALUE, e ->
        {
            if (e.seq == seq)
            {
                keys.add(e.key());
            }
        });
        if (keys.isEmpty())
        {
            return;
        }
        final StockEntry view = ledger.writerStock(0);
        ledger.loadStock(view, keys.get(0), Long.MAX_VALUE, false);
        final int slot = view.word(0) == seq ? 0 : 1;
        view.word(slot * 8 + 1, view.word(slot * 8 + 1) + 999);   // onHand half-written: checksum no longer matches
    }

    /** Invalidates the newest progress slot, as if the process died before committing it. */
    private static void rollBackProgress(final Path progress) throws Exception
    {
        try (RandomAccessFile f = new RandomAccessFile(progress.toFile(), "rw"))
        {
            final long s0 = Long.reverseBytes(readLong(f, 0));
            final long s1 = Long.reverseBytes(readLong(f, 64));
            final long newest = s0 > s1 ? 0 : 64;
            f.seek(newest + 56);
            f.writeLong(0x0BADL);
        }
    }

    private static long readLong(final RandomAccessFile f, final long at) throws Exception
    {
        f.seek(at);
        return f.readLong();
    }

    private String referenceDigest(final LastCommand which) throws Exception
    {
        clock.set(CoreDriver.T0);
        reservationIds.clear();
        try (CoreDriver engine = CoreDriver.open(CoreDriver.config(dir.resolve("reference-" + which)), clock))
        {
            prefix(engine);
            lastThroughEngine(which).run(engine);
            return digest(engine);
        }
    }

    private String digest(final CoreDriver engine)
    {
        final List<Long> ids = new ArrayList<>(reservationIds);
        for (long id = 1; id <= engine.machine().appliedSeq(); id++)
        {
            ids.add(id);
        }
        final String d = StateDigest.of(engine.reads(), ids);
        assertTrue(d.contains("reservation"), d);
        return d + "held=" + engine.machine().heldReservations() + " states=" + states(engine, ids);
    }

    private static String states(final CoreDriver engine, final List<Long> ids)
    {
        final StringBuilder sb = new StringBuilder();
        final BiConsumer<Long, ReservationState> add = (id, st) -> sb.append(id).append(':').append(st).append(' ');
        for (final long id : ids)
        {
            engine.reads().reservation(id).ifPresent(v -> add.accept(id, v.state()));
        }
        return sb.toString();
    }
}
