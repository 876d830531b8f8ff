package io.stockring.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.JournalWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * First stage: stamps each journaled command with the next sequence and appends it to the
 * journal; at the end of the batch writes it out (and fsyncs in SYNC mode). The next stage sees
 * a batch only after this handler returned from its last event, so nothing is applied, and
 * nothing acknowledged, before its record is durable.
 *
 * <p>An I/O failure fails every command of the batch with {@link ResultCode#JOURNAL_FAILED} and
 * stops journaling (fail-stop): the outcome of those commands is unknown to their callers, who
 * retry with the same request id once the server is back.
 */
final class Journaler implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(Journaler.class);

    private final JournalWriter writer;
    private RingBuffer<CommandSlot> ring;
    private long batchStart = -1;
    private volatile boolean failed;

    Journaler(final JournalWriter writer)
    {
        this.writer = writer;
    }

    void ring(final RingBuffer<CommandSlot> ring)
    {
        this.ring = ring;
    }

    JournalWriter writer()
    {
        return writer;
    }

    boolean hasFailed()
    {
        return failed;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (batchStart < 0)
        {
            batchStart = sequence;
        }
        if (failed)
        {
            slot.result = ResultCode.JOURNAL_FAILED;
        }
        else if (slot.type.isJournaled())
        {
            try
            {
                writer.append(slot);
            }
            catch (final IOException | RuntimeException e)
            {
                fail(e, sequence);
            }
        }
        if (endOfBatch)
        {
            if (!failed)
            {
                try
                {
                    writer.endOfBatch();
                }
                catch (final IOException | RuntimeException e)
                {
                    fail(e, sequence);
                }
            }
            batchStart = -1;
        }
    }

    private void fail(final Exception e, final long sequence)
    {
        LOG.error("event=journal_failed batchStart={} sequence={} error=\"{}\": failing this batch and every later " +
            "command; restart to recover", batchStart, sequence, e.toString(), e);
        failed = true;
        for (long s = batchStart; s <= sequence; s++)
        {
            ring.get(s).result = ResultCode.JOURNAL_FAILED;
        }
    }

    @Override
    public void onShutdown()
    {
        try
        {
            writer.close();
        }
        catch (final IOException e)
        {
            LOG.error("event=journal_close_failed error=\"{}\"", e.toString(), e);
        }
    }
}
