package io.stockring.server;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.stockring.core.command.ResultCode;
import io.stockring.engine.CommandSlot;
import io.stockring.engine.Engine;

/** How a unary RPC publishes a validated command and answers from its outcome. */
final class EngineCalls
{
    private EngineCalls()
    {
    }

    /** A reply built from a finished, successful command (on the writer thread: no blocking). */
    interface Reply<T>
    {
        T build(CommandSlot slot);
    }

    /** Extra words for an error's message, or null. */
    interface Detail
    {
        String of(CommandSlot slot);
    }

    /**
     * Publishes {@code command}; the response completes once the command is durable and applied,
     * with {@code reply}'s value on OK and a mapped status otherwise.
     */
    static <T> void submit(final Engine engine, final CommandSlot command, final StreamObserver<T> response,
        final Reply<T> reply, final Detail detail)
    {
        if (deadlinePassed())
        {
            response.onError(StatusMapper.toException(ResultCode.TIMEOUT, null, null));
            return;
        }
        final ResultCode rc = engine.submit(command, slot -> complete(slot, response, reply, detail));
        if (rc != ResultCode.OK)
        {
            response.onError(StatusMapper.toException(rc, null, null));
        }
    }

    private static <T> void complete(final CommandSlot slot, final StreamObserver<T> response, final Reply<T> reply,
        final Detail detail)
    {
        if (slot.result == ResultCode.OK)
        {
            response.onNext(reply.build(slot));
            response.onCompleted();
        }
        else
        {
            response.onError(StatusMapper.toException(slot.result, null, detail == null ? null : detail.of(slot)));
        }
    }

    /** A call whose deadline already passed is not published (it could not be answered in time). */
    static boolean deadlinePassed()
    {
        final Deadline deadline = Context.current().getDeadline();
        return deadline != null && deadline.isExpired();
    }
}
