package io.stockring.engine;

/**
 * Completion of one command, called on the writer thread once the command is durable and
 * applied. The slot is reused as soon as this returns: copy what you need, do not keep it. It
 * runs between two commands of every caller: build and send the reply, never block
 * ({@code WriterStage}'s contract).
 */
@FunctionalInterface
public interface CommandCallback
{
    void onComplete(CommandSlot slot);
}
