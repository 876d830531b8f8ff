package io.stockring.cluster;

import io.stockring.core.command.Command;
import io.stockring.core.command.Limits;
import io.stockring.core.command.ResultCode;
import io.stockring.core.journal.JournalCodec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The two messages between a node's gRPC edge and the cluster, little-endian:
 *
 * <pre>
 *   ingress (a command)                  egress (its outcome)
 *   0  long  correlation id              0  long  correlation id
 *   8  ...   the command, as the         8  int   result code ({@link ResultCode#code()})
 *            journal encodes it         12  long  result value (reservation id, count, ...)
 *            ({@link JournalCodec})     20  long  the command's seq in the replicated ledger
 * </pre>
 *
 * The command's seq and timestamp are written as 0 by the edge: the service stamps them from the
 * log (its own count and the cluster's time), so they are the same on every node.
 */
final class ClusterMessages
{
    static final int CORRELATION_BYTES = Long.BYTES;
    static final int MAX_COMMAND_BYTES = CORRELATION_BYTES + Limits.MAX_RECORD_BYTES;
    static final int OUTCOME_BYTES = 28;

    private final ByteBuffer scratch = ByteBuffer.allocateDirect(Limits.MAX_RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    /** Writes {@code command} at {@code buffer}'s start; returns the message length. */
    int encodeCommand(final long correlationId, final Command command, final MutableDirectBuffer buffer)
    {
        final long seq = command.seq;
        final long timestamp = command.timestampMs;
        command.seq = 0;
        command.timestampMs = 0;
        scratch.clear();
        JournalCodec.encodePayload(command, scratch);
        command.seq = seq;
        command.timestampMs = timestamp;
        final int length = scratch.position();
        buffer.putLong(0, correlationId, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(CORRELATION_BYTES, scratch, 0, length);
        return CORRELATION_BYTES + length;
    }

    /**
     * Reads a command message into {@code out}.
     *
     * @return false if it does not parse (too short or too long, an unknown type, a length mismatch)
     */
    boolean decodeCommand(final DirectBuffer buffer, final int offset, final int length, final Command out)
    {
        final int payload = length - CORRELATION_BYTES;
        if (payload <= 0 || payload > Limits.MAX_RECORD_BYTES)
        {
            return false;
        }
        scratch.clear();
        buffer.getBytes(offset + CORRELATION_BYTES, scratch, 0, payload);
        scratch.limit(payload);
        try
        {
            return JournalCodec.decodePayload(scratch, payload, out);
        }
        catch (final RuntimeException e)
        {
            return false;
        }
    }

    static long correlationId(final DirectBuffer buffer, final int offset, final int length)
    {
        return length < CORRELATION_BYTES ? -1 : buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
    }

    static void encodeOutcome(final MutableDirectBuffer buffer, final long correlationId, final ResultCode result,
        final long value, final long seq)
    {
        buffer.putLong(0, correlationId, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(8, result.code(), ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(12, value, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(20, seq, ByteOrder.LITTLE_ENDIAN);
    }

    /** The outcome's result code, or null if the message is not an outcome. */
    static ResultCode outcomeResult(final DirectBuffer buffer, final int offset, final int length)
    {
        return length != OUTCOME_BYTES ? null :
            ResultCode.fromCode(buffer.getInt(offset + 8, ByteOrder.LITTLE_ENDIAN));
    }

    static long outcomeValue(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 12, ByteOrder.LITTLE_ENDIAN);
    }

    static long outcomeSeq(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 20, ByteOrder.LITTLE_ENDIAN);
    }
}
