package io.stockring.engine;

import com.lmax.disruptor.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last stage: hands each finished command to its callback (which completes a gRPC call, a
 * stream item or a future) and drops the references the slot held.
 */
final class Replier implements EventHandler<CommandSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(Replier.class);

    private volatile StageObserver stageObserver;

    void stageObserver(final StageObserver observer)
    {
        this.stageObserver = observer;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        final long published = slot.publishedNanos;
        final StageObserver observer = published == 0 ? null : stageObserver;
        final long replyStart = observer == null ? 0 : System.nanoTime();
        final long applyStart = slot.applyStartNanos;
        final long applied = slot.appliedNanos;
        reply(slot);
        if (observer != null && applied != 0)
        {
            observer.sampled(applyStart - published, applied - applyStart, replyStart - applied,
                System.nanoTime() - replyStart);
        }
    }

    private static void reply(final CommandSlot slot)
    {
        final CommandCallback callback = slot.callback;
        if (callback != null)
        {
            try
            {
                callback.onComplete(slot);
            }
            catch (final Throwable t)
            {
                LOG.error("event=callback_failed seq={} requestId={} error=\"{}\"", slot.seq, slot.requestId(),
                    t.toString(), t);
            }
        }
        // Drop every per-request object: a slot is reused only a whole ring later (65,536 commands,
        // seconds at peak), so anything it still holds survives young collections and is copied
        // by each of them; that copying was most of the server's GC pauses and its p99.
        slot.callback = null;
        slot.attachment = null;
        slot.reason = null;
        slot.code = null;
        slot.name = null;
        slot.category = null;
    }
}
