package io.stockring.core.command;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The content hash is journaled and compared with later retries: it must stay FNV-1a over every byte. */
class ContentHashTest
{
    private static final long PRIME = 0x100000001B3L;

    /** FNV-1a, one byte at a time: the definition the engine's faster folding must match. */
    private static final class Reference
    {
        long h = 0xCBF29CE484222325L;

        Reference add(final long v)
        {
            for (int i = 0; i < 8; i++)
            {
                h = (h ^ ((v >>> (8 * i)) & 0xFF)) * PRIME;
            }
            return this;
        }

        Reference add(final String s)
        {
            if (s == null)
            {
                return add(-1L);
            }
            add(s.length());
            for (int i = 0; i < s.length(); i++)
            {
                h = (h ^ (s.charAt(i) & 0xFF)) * PRIME;
                h = (h ^ (s.charAt(i) >>> 8)) * PRIME;
            }
            return this;
        }

        long value()
        {
            return h ^ (h >>> 32);
        }
    }

    @Test
    void shouldEqualByteWiseFnv1aForNumbersAndTextOfEveryKind()
    {
        final SplittableRandom random = new SplittableRandom(20261126);
        for (int round = 0; round < 20_000; round++)
        {
            final CommandType type = CommandType.values()[random.nextInt(CommandType.values().length)];
            final ContentHash fast = new ContentHash(type);
            final Reference reference = new Reference().add(type.id());
            for (int part = random.nextInt(6); part >= 0; part--)
            {
                switch (random.nextInt(4))
                {
                    case 0 ->
                    {
                        // small numbers (mostly zero bytes), large ones, negative ones
                        final long v = random.nextBoolean() ? random.nextLong(1 << 20) : random.nextLong();
                        fast.add(v);
                        reference.add(v);
                    }
                    case 1 ->
                    {
                        final String s = text(random, 0x7F);
                        fast.add(s);
                        reference.add(s);
                    }
                    case 2 ->
                    {
                        final String s = text(random, 0xFFFF); // chars above 0xFF take the two-byte path
                        fast.add(s);
                        reference.add(s);
                    }
                    default ->
                    {
                        fast.add((CharSequence)null);
                        reference.add((String)null);
                    }
                }
            }
            assertEquals(reference.value(), fast.value(), "round " + round);
        }
    }

    @Test
    void shouldKeepTheValuesAlreadyInJournalsAndRequestRecords()
    {
        // Computed once with the byte-at-a-time loop of the first journals (session 1's ContentHash).
        assertEquals(-7746349677706714545L, new ContentHash(CommandType.RESERVE).add("SKU-0001").add(900_000L).value());
    }

    private static String text(final SplittableRandom random, final int maxChar)
    {
        final char[] chars = new char[random.nextInt(40)];
        for (int i = 0; i < chars.length; i++)
        {
            chars[i] = (char)random.nextInt(1, maxChar + 1);
        }
        return new String(chars);
    }
}
