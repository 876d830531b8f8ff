package io.stockring.core.ledger;

import io.stockring.core.format.DurableText;
import io.stockring.core.format.FormatException;
import io.stockring.core.format.VersionedProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ledger/FORMAT}: the record layouts the ledger's files hold, one version per layout.
 * Checked before any ledger file is opened, so a ledger written by a build with other layouts is
 * refused instead of misread. A snapshot's marker carries the same keys (its files are a ledger's).
 *
 * <p>A layout change bumps its version here and regenerates the golden files of
 * {@code LedgerFormatTest}; until someone writes a reader for the old version, it is refused.
 */
public final class LedgerFormat
{
    public static final String FILE = "FORMAT";
    /** The version of this file's own layout (its keys). */
    public static final int VERSION = 1;
    /** Key prefix of a layout version. */
    public static final String LAYOUT = "layout.";

    /** Every record layout and its version, in a fixed order. */
    private static final Map<String, String> LAYOUTS = new LinkedHashMap<>();

    static
    {
        LAYOUTS.put("stock.entry", "1");           // StockEntry: two slots of 9 words, checksummed
        LAYOUTS.put("catalog.value", "1");         // CatalogValue (Chronicle value interface)
        LAYOUTS.put("reservation.record", "1");    // ReservationRecord in reservations.tbl
        LAYOUTS.put("request.record", "1");        // IdempotencyRecord in requests.tbl
        LAYOUTS.put("record.ring", "1");           // RecordRing's file header and slot layout
        LAYOUTS.put("progress", "1");              // LedgerProgress, progress.dat
    }

    private LedgerFormat()
    {
    }

    /** The {@code layout.*} keys, as written to FORMAT and to snapshot markers. */
    public static Map<String, String> layouts()
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        LAYOUTS.forEach((name, version) -> keys.put(LAYOUT + name, version));
        return keys;
    }

    /**
     * Refuses {@code p} unless it names the layouts this build reads. A key that is absent is
     * version 1: files written before versions were recorded held exactly those layouts.
     */
    public static void checkLayouts(final Object file, final Properties p)
    {
        LAYOUTS.forEach((name, version) ->
        {
            final String found = p.getProperty(LAYOUT + name, "1");
            if (!found.equals(version))
            {
                throw FormatException.of(file, name + " layout " + found, name + " layout " + version);
            }
        });
    }

    /**
     * Checks {@code ledgerDir}'s FORMAT, or writes it where there is none (a new ledger, or one
     * written before FORMAT existed, whose layouts are the version-1 ones).
     */
    static void checkOrWrite(final Path ledgerDir) throws IOException
    {
        final Path file = ledgerDir.resolve(FILE);
        if (Files.exists(file))
        {
            final Properties p = DurableText.read(file);
            VersionedProperties.check(file, p, VERSION);
            checkLayouts(file, p);
            return;
        }
        write(ledgerDir);
    }

    /** Writes FORMAT for the layouts of this build (after a restore, the snapshot's were checked). */
    public static void write(final Path ledgerDir) throws IOException
    {
        Files.createDirectories(ledgerDir);
        DurableText.write(ledgerDir.resolve(FILE), text());
    }

    /** The content of FORMAT. */
    static String text()
    {
        final Map<String, String> keys = new LinkedHashMap<>();
        keys.put(VersionedProperties.KEY, Integer.toString(VERSION));
        keys.putAll(layouts());
        return DurableText.render("stockring ledger record layouts; written by the server, do not edit", keys);
    }
}
