package io.stockring.core.command;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-pass key the edge computes must be the key the ledger looks up (reads use {@link RequestKeys#hi}/{@link RequestKeys#lo}). */
class RequestKeysTest
{
    @Test
    void onePassKeyEqualsTheTwoHalves()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final Command slot = new Command();
        for (int n = 0; n < 10_000; n++)
        {
            final StringBuilder id = new StringBuilder();
            final int length = 1 + random.nextInt(64);
            for (int i = 0; i < length; i++)
            {
                id.append((char)('!' + random.nextInt(94)));
            }
            slot.requestId(id.toString());
            assertEquals(RequestKeys.hi(id), slot.requestKeyHi, id::toString);
            assertEquals(RequestKeys.lo(id), slot.requestKeyLo, id::toString);
        }
    }
}
