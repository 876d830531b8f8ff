package io.stockring.core.concurrent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded single-producer single-consumer ring of fixed-width events made of primitive longs:
 * how the writer thread hands events to another thread without allocating, locking or waiting.
 * A full ring drops the event and counts it; the producer never blocks.
 *
 * <p>Producer (one thread): {@link #claim()} an event's offset, write its words into
 * {@link #words()}, then {@link #publish()}. Consumer (one thread): {@link #drain}.
 */
public final class EventRing
{
    /** Receives one event: its words are {@code words[offset .. offset + width)}. */
    @FunctionalInterface
    public interface Reader
    {
        void onEvent(long[] words, int offset);
    }

    private final long[] words;
    private final int width;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final SingleWriterCounters dropped = new SingleWriterCounters(1);
    // Producer-local.
    private long cachedHead;
    private long claimed = -1;

    /**
     * @param capacity events held at most; a power of two
     * @param width    longs per event
     */
    public EventRing(final int capacity, final int width)
    {
        if (Integer.bitCount(capacity) != 1 || width < 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two and width positive: " + capacity +
                ", " + width);
        }
        this.words = new long[capacity * width];
        this.width = width;
        this.mask = capacity - 1;
    }

    /** The ring's storage: the producer writes the claimed event's words here. */
    public long[] words()
    {
        return words;
    }

    /**
     * Producer: the offset in {@link #words()} of the next event, or -1 when the ring is full
     * (the event is then dropped and counted).
     */
    public int claim()
    {
        final long t = tail.getPlain();
        if (t - cachedHead > mask)
        {
            cachedHead = head.getAcquire();
            if (t - cachedHead > mask)
            {
                dropped.increment(0);
                return -1;
            }
        }
        claimed = t;
        return (int)(t & mask) * width;
    }

    /** Producer: makes the claimed event visible to the consumer. */
    public void publish()
    {
        tail.setRelease(claimed + 1);
    }

    /** Consumer: hands every event published so far to {@code reader}; returns how many. */
    public int drain(final Reader reader)
    {
        final long t = tail.getAcquire();
        long h = head.getPlain();
        final int count = (int)(t - h);
        for (; h < t; h++)
        {
            reader.onEvent(words, (int)(h & mask) * width);
        }
        head.setRelease(t);
        return count;
    }

    /** Events dropped because the ring was full. Any thread. */
    public long dropped()
    {
        return dropped.get(0);
    }
}
