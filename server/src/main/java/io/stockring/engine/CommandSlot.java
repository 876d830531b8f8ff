package io.stockring.engine;

import io.stockring.core.command.Command;

/**
 * One preallocated, mutable entry of the ring: a {@link Command} plus what the ring needs to
 * carry it through its stages. A producer copies a request into it (the engine's translator),
 * the writer stage stamps {@link #seq}, writes it to the journal, applies it, writes
 * {@link #result} and {@link #resultValue} back and hands it to {@link #callback}. Only the stage that owns the slot at that moment touches it; the ring's
 * sequence barriers order the hand-overs.
 */
public final class CommandSlot extends Command
{
    /** Called by the writer with the outcome; null for commands nobody waits for (timer ticks). */
    public CommandCallback callback;

    // ---- stage timings of a sampled command (StageObserver); 0 when not sampled ----
    /** System.nanoTime() when published. */
    public long publishedNanos;
    /** Written by the writer: when it began and finished applying the command. */
    public long applyStartNanos;
    public long appliedNanos;

    /** Control commands: a result object (e.g. a verify report), written by the writer. */
    public Object attachment;

    /** Clears every field, so that nothing of the previous command leaks into the next. */
    @Override
    public void clear()
    {
        super.clear();
        callback = null;
        publishedNanos = 0;
        applyStartNanos = 0;
        appliedNanos = 0;
        attachment = null;
    }

    @Override
    public String toString()
    {
        return "CommandSlot{" + type + " seq=" + seq + " requestId=" + requestId() + " result=" + result +
            " resultValue=" + resultValue + '}';
    }
}
