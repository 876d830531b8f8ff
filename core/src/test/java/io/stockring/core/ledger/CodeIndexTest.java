package io.stockring.core.ledger;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CodeIndexTest
{
    @Test
    void findsEveryShortCodeAndNothingElse()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final CodeIndex index = new CodeIndex();
        final Map<String, Integer> reference = new HashMap<>();
        for (int id = 1; id <= 50_000; id++)
        {
            final String code = code(random, 1 + random.nextInt(random.nextInt(10) == 0 ? 64 : 16));
            if (reference.putIfAbsent(code, id) == null)
            {
                index.put(code, id);
            }
        }
        for (final Map.Entry<String, Integer> e : reference.entrySet())
        {
            final int expected = e.getKey().length() <= CodeIndex.MAX_INLINE ? e.getValue() : 0;
            assertEquals(expected, index.get(e.getKey()), e.getKey() + " (seed " + seed + ")");
        }
        for (int i = 0; i < 50_000; i++)
        {
            final String absent = code(random, 1 + random.nextInt(16));
            if (!reference.containsKey(absent))
            {
                assertEquals(0, index.get(absent), absent + " (seed " + seed + ")");
            }
        }
        // Codes that differ only in padding or in a character beyond ASCII are different codes.
        index.put("AB", 7);
        assertEquals(0, index.get("AB\u0000"));
        assertEquals(0, index.get("A\u00c2"));
        assertEquals(7, index.get("AB"));
    }

    @Test
    void readersNeverSeeAWrongIdWhileTheWriterAddsAndGrows() throws Exception
    {
        final CodeIndex index = new CodeIndex();
        final List<String> codes = new ArrayList<>();
        for (int i = 0; i < 200_000; i++)
        {
            codes.add("SKU-" + Integer.toString(i, 36));
        }
        final AtomicInteger published = new AtomicInteger();
        final AtomicReference<String> failure = new AtomicReference<>();
        final Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++)
        {
            final SplittableRandom random = new SplittableRandom(r);
            readers[r] = new Thread(() ->
            {
                while (published.get() < codes.size() && failure.get() == null)
                {
                    final int known = published.get();
                    if (known == 0)
                    {
                        continue;
                    }
                    final int i = random.nextInt(known);
                    final int id = index.get(codes.get(i));
                    if (id != i + 1)
                    {
                        failure.set(codes.get(i) + " -> " + id + ", expected " + (i + 1));
                    }
                }
            });
            readers[r].start();
        }
        for (int i = 0; i < codes.size(); i++)
        {
            index.put(codes.get(i), i + 1);
            published.set(i + 1);
        }
        for (final Thread reader : readers)
        {
            reader.join();
        }
        assertNull(failure.get());
        assertEquals(codes.size(), index.size());
    }

    private static String code(final SplittableRandom random, final int length)
    {
        final StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            b.append((char)('!' + random.nextInt('~' - '!' + 1)));
        }
        return b.toString();
    }
}
