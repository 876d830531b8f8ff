package io.stockring.bench.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one operation of a load run does. Every scenario but {@code empty} reserves at one
 * location; some then confirm or release what they got (as a second, unary call in the same
 * operation: the operation's latency covers both).
 */
public enum Scenario
{
    /** The standard gRPC health Check on the same server: gRPC's own cost, the ceiling. */
    EMPTY("empty", 0, 0, false),
    /** One line, quantity 1, a SKU drawn uniformly from all of them; the hold is kept. */
    UNIFORM("uniform", 0, 0, false),
    /** One line, a SKU drawn from a Zipf distribution (a few gifts are most of the demand). */
    ZIPF("zipf", 0, 0, false),
    /** Every operation on SKU 0: a flash redemption of a single gift. */
    HOT("hot", 0, 0, false),
    /** Carts of 2-5 distinct uniform SKUs, quantity 1-3 each; all lines or none. */
    MULTILINE("multiline", 0, 0, false),
    /** Reserve, then confirm it (the goods leave). */
    RESERVE_CONFIRM("reserve-confirm", 100, 0, false),
    /** Reserve, then release it (the hold is given back). */
    RESERVE_RELEASE("reserve-release", 0, 100, false),
    /** Reserve, then confirm 50 %, release 40 %, leave 10 % held. */
    MIXED("mixed", 50, 40, false),
    /** Reserve with a 2 s time-to-live and leave it to expire; checked after they all expired. */
    EXPIRE("expire", 0, 0, true),
    /** StockAdmin Transfer of 1 unit of a uniform SKU from the warehouse to a store (immediate). */
    TRANSFER("transfer", 0, 0, false);

    private final String cliName;
    private final int confirmPercent;
    private final int releasePercent;
    private final boolean expiring;

    Scenario(final String cliName, final int confirmPercent, final int releasePercent, final boolean expiring)
    {
        this.cliName = cliName;
        this.confirmPercent = confirmPercent;
        this.releasePercent = releasePercent;
        this.expiring = expiring;
    }

    public String cliName()
    {
        return cliName;
    }

    public int confirmPercent()
    {
        return confirmPercent;
    }

    public int releasePercent()
    {
        return releasePercent;
    }

    public boolean expiring()
    {
        return expiring;
    }

    /** Needs the catalog and stock (every scenario but the empty handler). */
    public boolean usesStock()
    {
        return this != EMPTY;
    }

    /** Its operations are Reserve calls (and can go over ReserveStream). */
    public boolean reserves()
    {
        return this != EMPTY && this != TRANSFER;
    }

    public static Scenario of(final String name)
    {
        final String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (final Scenario s : values())
        {
            if (s.cliName.equals(n))
            {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "' (known: " + names() + ")");
    }

    public static String names()
    {
        return Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString()
    {
        return cliName;
    }
}
