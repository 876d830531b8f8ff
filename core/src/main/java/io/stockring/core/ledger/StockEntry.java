package io.stockring.core.ledger;

import java.lang.invoke.VarHandle;

/**
 * A view over the off-heap value of one (sku, location) stock entry.
 *
 * <p>Each entry holds two versions ("slots"); an update always writes the slot that is not the
 * current one, and within it stores an invalid checksum first, then the words, then the checksum.
 * A write torn by a process death therefore leaves the previous version intact and readable,
 * and the half-applied command can be redone exactly from its journal record.
 *
 * <pre>
 *   word  slot 0  slot 1
 *     0     9      seq (journal sequence of the command that wrote this version; 0 = empty)
 *     1    10      onHand
 *     2    11      reserved
 *     3    12      inTransit (stock on its way to this location)
 *     4    13      safetyStock (set by the planner)
 *     5    14      reorderPoint (set by the planner)
 *     6    15      lastOutboundMs (time of the last Confirm that took goods out)
 *     7    16      shippedTotal (units confirmed out since the entry was created; never decreases)
 *     8    17      checksum over words 0..7 of the slot
 * </pre>
 *
 * <p>{@code shippedTotal} is the planner's demand history at its source: it changes in the same
 * write as {@code onHand}, so it is exactly as durable as the stock itself, and a reader that
 * samples it at any two moments knows exactly how many units left in between, crash or not.
 *
 * <p>{@link #load(long)} picks the newest valid version written <em>before</em> the given
 * sequence; {@link #store(long)} skips the write when a version of that sequence or later is
 * already there. Live, both are no-ops in effect; in recovery they make the redo of a
 * half-applied command read its pre-state and write each entry at most once.
 */
public final class StockEntry extends OffHeapView
{
    public static final int WORDS = 18;
    private static final int SLOT_WORDS = 9;
    private static final int SEQ = 0;
    private static final int ON_HAND = 1;
    private static final int RESERVED = 2;
    private static final int IN_TRANSIT = 3;
    private static final int SAFETY = 4;
    private static final int REORDER = 5;
    private static final int LAST_OUT = 6;
    private static final int SHIPPED = 7;
    private static final int CHECK = 8;

    long key;
    private int current = -1;
    private boolean alreadyWritten;

    public long seq;
    public long onHand;
    public long reserved;
    public long inTransit;
    public long safetyStock;
    public long reorderPoint;
    public long lastOutboundMs;
    public long shippedTotal;

    public long key()
    {
        return key;
    }

    public int skuId()
    {
        return StockKeys.skuId(key);
    }

    public int locationId()
    {
        return StockKeys.locationId(key);
    }

    public long available()
    {
        return onHand - reserved;
    }

    /** True when no valid version exists before the given sequence (a new entry). */
    public boolean isEmpty()
    {
        return current < 0;
    }

    /** Marks the view as pointing at no entry (an absent key): zero fields, nothing to store. */
    void loadAbsent()
    {
        current = -1;
        alreadyWritten = true;
        clearFields();
    }

    /**
     * Loads the newest valid version whose seq is below {@code beforeSeq}.
     *
     * @return false if the entry has no such version (fields are then zero)
     */
    boolean load(final long beforeSeq)
    {
        final long seq0 = readSlot(0) ? seq : 0;
        final long seq1 = readSlot(1) ? seq : 0;
        alreadyWritten = seq0 >= beforeSeq || seq1 >= beforeSeq;
        final long c0 = seq0 < beforeSeq ? seq0 : 0;
        final long c1 = seq1 < beforeSeq ? seq1 : 0;
        current = c0 == 0 && c1 == 0 ? -1 : (c0 >= c1 ? 0 : 1);
        if (current < 0)
        {
            clearFields();
            return false;
        }
        readSlot(current);
        return true;
    }

    /**
     * Loads the newest valid version for a reader on another thread. The writer updates in place
     * without a lock, so the version being read may change under us: each slot is copied first
     * and then checked against its own checksum, and a torn copy is read again.
     */
    boolean loadConcurrent()
    {
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            final long seq0 = readSlot(0) ? seq : 0;
            final long seq1 = readSlot(1) ? seq : 0;
            if (seq0 == 0 && seq1 == 0)
            {
                if (word(SEQ) == 0 && word(SLOT_WORDS + SEQ) == 0)
                {
                    clearFields();
                    return false;
                }
                Thread.onSpinWait();
                continue;
            }
            final int slot = seq0 >= seq1 ? 0 : 1;
            if (readSlot(slot) && seq == Math.max(seq0, seq1))
            {
                current = slot;
                return true;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("stock entry " + key + " kept changing while being read");
    }

    /** Writes the fields as the version of {@code commandSeq}, unless that version is already there. */
    void store(final long commandSeq)
    {
        if (alreadyWritten)
        {
            return;
        }
        final int slot = current == 0 ? 1 : 0;
        final int base = slot * SLOT_WORDS;
        word(base + CHECK, 0);
        VarHandle.storeStoreFence();
        word(base + SEQ, commandSeq);
        word(base + ON_HAND, onHand);
        word(base + RESERVED, reserved);
        word(base + IN_TRANSIT, inTransit);
        word(base + SAFETY, safetyStock);
        word(base + REORDER, reorderPoint);
        word(base + LAST_OUT, lastOutboundMs);
        word(base + SHIPPED, shippedTotal);
        VarHandle.storeStoreFence();
        word(base + CHECK, checksum(commandSeq, onHand, reserved, inTransit, safetyStock, reorderPoint,
            lastOutboundMs, shippedTotal));
        current = slot;
        seq = commandSeq;
        alreadyWritten = true;
    }

    /** Copies one slot into the fields and tells whether that copy is a complete version. */
    private boolean readSlot(final int slot)
    {
        final int b = slot * SLOT_WORDS;
        final long check = word(b + CHECK);
        VarHandle.loadLoadFence();
        seq = word(b + SEQ);
        onHand = word(b + ON_HAND);
        reserved = word(b + RESERVED);
        inTransit = word(b + IN_TRANSIT);
        safetyStock = word(b + SAFETY);
        reorderPoint = word(b + REORDER);
        lastOutboundMs = word(b + LAST_OUT);
        shippedTotal = word(b + SHIPPED);
        VarHandle.loadLoadFence();
        return seq > 0 && check == word(b + CHECK) &&
            check == checksum(seq, onHand, reserved, inTransit, safetyStock, reorderPoint, lastOutboundMs,
            shippedTotal);
    }

    private void clearFields()
    {
        seq = 0;
        onHand = 0;
        reserved = 0;
        inTransit = 0;
        safetyStock = 0;
        reorderPoint = 0;
        lastOutboundMs = 0;
        shippedTotal = 0;
    }

    private static long checksum(final long seq, final long onHand, final long reserved, final long inTransit,
        final long safety, final long reorder, final long lastOut, final long shipped)
    {
        long h = Checksums.start();
        h = Checksums.add(h, seq);
        h = Checksums.add(h, onHand);
        h = Checksums.add(h, reserved);
        h = Checksums.add(h, inTransit);
        h = Checksums.add(h, safety);
        h = Checksums.add(h, reorder);
        h = Checksums.add(h, lastOut);
        h = Checksums.add(h, shipped);
        return Checksums.finish(h);
    }
}
