package io.stockring.core.ledger;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The writer's progress through the journal and the programme-wide totals, in a small mapped
 * file beside the maps. Written as the last step of every command, in two alternating slots
 * with a checksum (as {@link StockEntry} does), so after a process death {@link #appliedSeq()}
 * is exactly the last command that was applied completely.
 *
 * <pre>
 *   slot (64 bytes): appliedSeq | totalReceived | totalShipped | totalAdjusted | spare x3 | checksum
 * </pre>
 *
 * Written by the writer thread only; read at start-up and by {@code verify}.
 */
public final class LedgerProgress implements AutoCloseable
{
    private static final int SLOT_BYTES = 64;
    private static final int FIELDS = 7;

    private final FileChannel channel;
    private final MappedByteBuffer buffer;
    private int current;

    /** Written by the writer, read by metrics: published with a release store ({@link #APPLIED_SEQ}). */
    private long appliedSeq;
    private static final VarHandle APPLIED_SEQ;

    static
    {
        try
        {
            APPLIED_SEQ = MethodHandles.lookup().findVarHandle(LedgerProgress.class, "appliedSeq", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Goods that came in through Receive. */
    public long totalReceived;
    /** Goods that left through Confirm. */
    public long totalShipped;
    /** Net of every Adjust (stocktake gains minus losses). */
    public long totalAdjusted;

    LedgerProgress(final Path file) throws IOException
    {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, 2 * SLOT_BYTES);
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        final long s0 = validSeq(0);
        final long s1 = validSeq(1);
        current = s0 == 0 && s1 == 0 ? -1 : (s0 >= s1 ? 0 : 1);
        if (current >= 0)
        {
            final int b = current * SLOT_BYTES;
            appliedSeq = buffer.getLong(b);
            totalReceived = buffer.getLong(b + 8);
            totalShipped = buffer.getLong(b + 16);
            totalAdjusted = buffer.getLong(b + 24);
        }
    }

    /** Sequence of the last command applied completely; 0 for a new ledger. Any thread. */
    public long appliedSeq()
    {
        return (long)APPLIED_SEQ.getAcquire(this);
    }

    /** Marks {@code seq} as applied, with the totals as they stand now. */
    void commit(final long seq)
    {
        final int slot = current == 0 ? 1 : 0;
        final int b = slot * SLOT_BYTES;
        buffer.putLong(b + 56, 0);
        VarHandle.storeStoreFence();
        buffer.putLong(b, seq);
        buffer.putLong(b + 8, totalReceived);
        buffer.putLong(b + 16, totalShipped);
        buffer.putLong(b + 24, totalAdjusted);
        VarHandle.storeStoreFence();
        buffer.putLong(b + 56, checksum(b));
        current = slot;
        APPLIED_SEQ.setRelease(this, seq);
    }

    /** Writes the mapped pages through to the device (used before a snapshot is trusted). */
    void force()
    {
        buffer.force();
    }

    private long validSeq(final int slot)
    {
        final int b = slot * SLOT_BYTES;
        final long seq = buffer.getLong(b);
        return seq > 0 && buffer.getLong(b + 56) == checksum(b) ? seq : 0;
    }

    private long checksum(final int b)
    {
        long h = Checksums.start();
        for (int i = 0; i < FIELDS; i++)
        {
            h = Checksums.add(h, buffer.getLong(b + 8 * i));
        }
        return Checksums.finish(h);
    }

    @Override
    public void close() throws IOException
    {
        buffer.force();
        channel.close();
    }
}
