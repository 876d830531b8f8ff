package io.stockring.bench.load;

/**
 * Another store doing the same reservation, for the side-by-side comparison: started on loopback
 * by the suite, with its durability stated. {@link #reserve} blocks; each calling thread uses its
 * own connection.
 */
interface Peer extends AutoCloseable
{
    String name();

    /** What an acknowledged reserve survives, in words (for the report). */
    String durability();

    /** Creates every SKU with {@code stockPerSku} available (SKU 0: 100x). */
    void setup(String[] skus, long stockPerSku) throws Exception;

    /** All lines or none: true if reserved, false if a line had too little available. */
    boolean reserve(String[] skus, long[] quantities) throws Exception;

    /** Null when the peer's total reserved equals what was acknowledged and nothing is negative. */
    String check(long acknowledgedQuantity, long unknownQuantity) throws Exception;

    @Override
    void close();
}
