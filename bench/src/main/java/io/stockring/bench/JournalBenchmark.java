package io.stockring.bench;

import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.Durability;
import io.stockring.core.journal.JournalReader;
import io.stockring.core.journal.JournalSegments;
import io.stockring.core.journal.JournalWriter;
import io.stockring.core.ledger.Catalog;
import io.stockring.core.request.CommandRequests;
import io.stockring.engine.CommandSlot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The journal alone: {@link JournalWriter#append} of a one-line Reserve record, and
 * {@link JournalWriter#endOfBatch} (write, plus fsync in SYNC) after every {@code batchSize}
 * records, as the Journaler does at the end of a ring batch.
 *
 * <p>One invocation is one record, so the score is records per second; the batch boundary falls
 * every {@code batchSize} invocations (a {@code @Param} cannot size {@code @OperationsPerInvocation}).
 * The codes of the record are unknown to the empty catalog used here (ids -1), which the journal
 * encodes like any other id.
 *
 * <p>{@link #baseline()} writes the same number of bytes per record from a prefilled buffer
 * through a plain {@code FileChannel} with the same write/fsync cadence: the difference to
 * {@link #append()} is the encoding and CRC32C; the rest is the file system.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class JournalBenchmark extends ChronicleForkedBenchmark
{
    private static final long SEGMENT_BYTES = 256L << 20;

    @Param({"1", "64", "1024"})
    public int batchSize;

    @Param({"ASYNC", "SYNC"})
    public Durability durability;

    private Path dir;
    private Path journalDir;
    private JournalWriter writer;
    private final CommandSlot slot = new CommandSlot();
    private int inBatch;

    private FileChannel rawChannel;
    private ByteBuffer rawBuffer;
    private byte[] rawRecord;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws IOException
    {
        dir = TempDirs.create("stockring-bench-journal-");
        journalDir = dir.resolve("journal");
        final ResultCode rc = new CommandRequests(new Catalog()).reserve(slot, "bench-journal-request-0000000001",
            BenchConfigs.CHANNEL, new String[]{BenchConfigs.sku(1)}, new String[]{BenchConfigs.LOCATION}, new long[]{1},
            1, BenchConfigs.TTL_MS);
        if (rc != ResultCode.OK)
        {
            throw new IllegalStateException("record rejected at the edge: " + rc);
        }
        slot.timestampMs = System.currentTimeMillis();

        // One record through a throwaway writer tells the baseline how many bytes a record is.
        final long recordBytes;
        try (JournalWriter probe = new JournalWriter(dir.resolve("probe"), SEGMENT_BYTES, Durability.ASYNC,
            JournalReader.repairTail(dir.resolve("probe"))))
        {
            probe.append(slot);
            probe.endOfBatch();
            recordBytes = probe.bytesWritten();
        }
        System.out.println("[journal] one Reserve record = " + recordBytes + " bytes");

        if (params.getBenchmark().endsWith(".baseline"))
        {
            rawRecord = new byte[(int)recordBytes];
            for (int i = 0; i < rawRecord.length; i++)
            {
                rawRecord[i] = (byte)(i * 31 + 7);
            }
            rawBuffer = ByteBuffer.allocateDirect(rawRecord.length * batchSize);
            rawChannel = FileChannel.open(dir.resolve("raw.journal"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        }
        else
        {
            writer = new JournalWriter(journalDir, SEGMENT_BYTES, durability, JournalReader.repairTail(journalDir));
        }
    }

    @Benchmark
    public long append() throws IOException
    {
        writer.append(slot);
        if (++inBatch == batchSize)
        {
            inBatch = 0;
            writer.endOfBatch();
        }
        return slot.seq;
    }

    @Benchmark
    public int baseline() throws IOException
    {
        rawBuffer.put(rawRecord);
        if (++inBatch == batchSize)
        {
            inBatch = 0;
            rawBuffer.flip();
            while (rawBuffer.hasRemaining())
            {
                rawChannel.write(rawBuffer);
            }
            rawBuffer.clear();
            if (durability == Durability.SYNC)
            {
                rawChannel.force(false);
            }
        }
        return inBatch;
    }

    /** Ends a partial batch and drops old data, so the disk does not fill up on long runs. */
    @TearDown(Level.Iteration)
    public void trim() throws IOException
    {
        if (writer != null)
        {
            writer.endOfBatch();
            JournalSegments.deleteBefore(journalDir, writer.lastSeq() + 1);
        }
        if (rawChannel != null)
        {
            rawBuffer.clear();
            rawChannel.truncate(0);
        }
        inBatch = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        try
        {
            if (writer != null)
            {
                writer.close();
            }
            if (rawChannel != null)
            {
                rawChannel.close();
            }
        }
        finally
        {
            TempDirs.delete(dir);
        }
    }
}
