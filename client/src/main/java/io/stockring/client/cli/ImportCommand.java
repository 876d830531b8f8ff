package io.stockring.client.cli;

import io.grpc.StatusRuntimeException;
import io.stockring.client.StockringClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * {@code import FILE.csv}: a catalog with stock, one row per (sku, location):
 * {@code sku,name,location,quantity} (a header row is recognised and skipped; quotes are not
 * supported, so names must not contain commas). Request ids are derived from the file's content
 * and the row, so importing the same file twice receives the stock once.
 */
@Command(name = "import", description = "Import a catalog CSV: sku,name,location,quantity.")
final class ImportCommand extends Cli.Sub
{
    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    int run(final StockringClient client) throws Exception
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException(file + ": no such file");
        }
        final List<String> rows;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            rows = r.lines().toList();
        }
        final String fileKey = digest(String.join("\n", rows)).substring(0, 16);
        final PrintWriter err = spec.commandLine().getErr();
        final Set<String> items = new HashSet<>();
        int imported = 0;
        int failed = 0;
        for (int i = 0; i < rows.size(); i++)
        {
            final int lineNo = i + 1;
            final String row = rows.get(i).strip();
            progress(err, i + 1, rows.size());
            if (row.isEmpty() || (i == 0 && row.toLowerCase().startsWith("sku,")))
            {
                continue;
            }
            final String[] f = row.split(",", -1);
            final String problem = check(f);
            if (problem != null)
            {
                failed++;
                err.println("\r" + file + ":" + lineNo + ": " + problem + "; row skipped");
                continue;
            }
            final String sku = f[0].strip();
            try
            {
                if (items.add(sku))
                {
                    client.upsertItem(io.stockring.proto.v1.Item.newBuilder()
                        .setRequestId("imp-" + fileKey + "-item-" + digest(sku).substring(0, 16))
                        .setSku(sku).setName(f[1].strip()).build());
                }
                client.receive("imp-" + fileKey + "-" + lineNo, sku, f[2].strip(), Long.parseLong(f[3].strip()));
                imported++;
            }
            catch (final StatusRuntimeException e)
            {
                failed++;
                err.println("\r" + file + ":" + lineNo + ": " + StockringClient.reason(e) + ": " +
                    e.getStatus().getDescription() + "; row skipped");
            }
        }
        err.println();
        out().println("imported " + imported + " row(s) from " + file + (failed > 0 ? ", " + failed + " failed" : ""));
        return failed > 0 ? 1 : 0;
    }

    /** Why a row cannot be imported, or null. */
    static String check(final String[] f)
    {
        if (f.length != 4)
        {
            return "expected 4 fields (sku,name,location,quantity), found " + f.length;
        }
        if (f[0].isBlank() || f[2].isBlank())
        {
            return "sku and location must not be empty";
        }
        try
        {
            if (Long.parseLong(f[3].strip()) <= 0)
            {
                return "quantity must be positive: " + f[3].strip();
            }
        }
        catch (final NumberFormatException e)
        {
            return "quantity is not a whole number: " + f[3].strip();
        }
        return null;
    }

    private static void progress(final PrintWriter err, final int done, final int total)
    {
        if (done % 50 != 0 && done != total)
        {
            return;
        }
        final int width = 30;
        final int filled = total == 0 ? width : done * width / total;
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        err.flush();
    }

    private static String digest(final String s)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                s.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException(e);
        }
    }
}
