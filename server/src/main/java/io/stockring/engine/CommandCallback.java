package io.stockring.engine;

/**
 * Completion of one command, called on the Replier thread once the command is durable and
 * applied. The slot is reused as soon as this returns: copy what you need, do not keep it.
 */
@FunctionalInterface
public interface CommandCallback
{
    void onComplete(CommandSlot slot);
}
