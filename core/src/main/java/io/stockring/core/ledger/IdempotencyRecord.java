package io.stockring.core.ledger;

import java.lang.invoke.VarHandle;

/**
 * A view over the remembered outcome of one client request id.
 *
 * <pre>
 *   word 0  seq of the command that produced the outcome (0 while being written)
 *        1  content hash of that command (a retry must match it)
 *        2  result code
 *        3  result value (e.g. the reservation id)
 *        4  createdAtMs (drives retention)
 *        5  checksum over words 0..4, written last
 * </pre>
 */
public final class IdempotencyRecord extends OffHeapView
{
    public static final int WORDS = 6;
    private static final int SEQ = 0;
    private static final int HASH = 1;
    private static final int RESULT = 2;
    private static final int VALUE = 3;
    private static final int CREATED_AT = 4;
    private static final int CHECK = 5;


    public long seq;
    public long contentHash;
    public int resultCode;
    public long resultValue;
    public long createdAtMs;

    /** The createdAtMs word of the record at {@code address}, read without a view (retention). */
    static long createdAtMs(final long address)
    {
        return wordAt(address, CREATED_AT);
    }

    /** @return true if a complete record written before {@code beforeSeq} is there */
    boolean load(final long beforeSeq)
    {
        return read() && seq < beforeSeq;
    }

    /** @return true if a complete record (of any seq) is there */
    boolean read()
    {
        final long check = word(CHECK);
        VarHandle.loadLoadFence();
        seq = word(SEQ);
        contentHash = word(HASH);
        resultCode = (int)word(RESULT);
        resultValue = word(VALUE);
        createdAtMs = word(CREATED_AT);
        return seq > 0 && check == checksum(seq, contentHash, word(RESULT), resultValue, createdAtMs);
    }

    void store(final long commandSeq, final long hash, final int result, final long value, final long atMs)
    {
        if (read() && seq >= commandSeq)
        {
            return;
        }
        word(CHECK, 0);
        VarHandle.storeStoreFence();
        word(SEQ, commandSeq);
        word(HASH, hash);
        word(RESULT, result);
        word(VALUE, value);
        word(CREATED_AT, atMs);
        VarHandle.storeStoreFence();
        word(CHECK, checksum(commandSeq, hash, result, value, atMs));
        seq = commandSeq;
        contentHash = hash;
        resultCode = result;
        resultValue = value;
        createdAtMs = atMs;
    }

    private static long checksum(final long seq, final long hash, final long result, final long value, final long at)
    {
        long h = Checksums.start();
        h = Checksums.add(h, seq);
        h = Checksums.add(h, hash);
        h = Checksums.add(h, result);
        h = Checksums.add(h, value);
        h = Checksums.add(h, at);
        return Checksums.finish(h);
    }
}
