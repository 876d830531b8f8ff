package io.stockring.planner.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV file with a header line, mapping columns by name so that files exported from
 * other systems need not agree on column order. Fields may be double-quoted (an item name with a
 * comma); a doubled quote inside quotes is a quote. Blank lines and lines starting with '#' are
 * skipped.
 */
final class CsvFile
{
    /** One data row, addressed by column name. */
    interface Row
    {
        long line();

        /** The trimmed field, or "" when the column is optional and absent. */
        String get(String column);
    }

    interface RowHandler
    {
        /** @return null if the row was taken, else why it was skipped */
        String onRow(Row row) throws SQLException;
    }

    private CsvFile()
    {
    }

    /**
     * Streams the rows of {@code file} to {@code handler}, recording skipped rows in the report.
     *
     * @return false if the file was refused (unreadable, or its header lacks a required column)
     */
    static boolean read(final Path file, final List<String> required, final List<String> optional,
        final ImportReport report, final RowHandler handler) throws IOException, SQLException
    {
        if (!Files.isRegularFile(file))
        {
            report.refuse("no such file");
            return false;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            String text;
            long lineNo = 0;
            Map<String, Integer> columns = null;
            final String[] fields = new String[64];
            final MutableRow row = new MutableRow();
            while ((text = in.readLine()) != null)
            {
                lineNo++;
                if (lineNo == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF')
                {
                    text = text.substring(1);
                }
                if (text.isBlank() || text.startsWith("#"))
                {
                    continue;
                }
                if (columns == null)
                {
                    columns = header(text, required, optional, report);
                    if (columns == null)
                    {
                        return false;
                    }
                    continue;
                }
                report.read();
                final int n = split(text, fields);
                if (n < 0)
                {
                    report.skip(lineNo, "unterminated quote or more than " + fields.length + " fields");
                    continue;
                }
                row.set(lineNo, columns, fields, n);
                final String problem = handler.onRow(row);
                if (problem != null)
                {
                    report.skip(lineNo, problem);
                }
            }
            if (columns == null)
            {
                report.refuse("empty file: no header line (expected " + String.join(",", required) + ")");
                return false;
            }
            return true;
        }
    }

    private static Map<String, Integer> header(final String text, final List<String> required,
        final List<String> optional, final ImportReport report)
    {
        final String[] names = new String[64];
        final int n = split(text, names);
        final Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < Math.max(n, 0); i++)
        {
            columns.put(names[i].toLowerCase(Locale.ROOT), i);
        }
        final List<String> missing = new ArrayList<>();
        for (final String column : required)
        {
            if (!columns.containsKey(column))
            {
                missing.add(column);
            }
        }
        if (!missing.isEmpty())
        {
            report.refuse("header line lacks " + String.join(", ", missing) + " (expected columns " +
                String.join(",", required) + (optional.isEmpty() ? "" : " and optionally " +
                String.join(",", optional)) + ")");
            return null;
        }
        return columns;
    }

    /** Splits one line into trimmed fields; returns the count, or -1 if malformed. */
    static int split(final String line, final String[] out)
    {
        int count = 0;
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i <= line.length(); i++)
        {
            final char c = i < line.length() ? line.charAt(i) : ',';
            if (quoted)
            {
                if (i == line.length())
                {
                    return -1;
                }
                if (c == '"')
                {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"')
                    {
                        field.append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.append(c);
                }
            }
            else if (c == '"' && field.toString().isBlank())
            {
                field.setLength(0);
                quoted = true;
            }
            else if (c == ',')
            {
                if (count == out.length)
                {
                    return -1;
                }
                out[count++] = field.toString().trim();
                field.setLength(0);
            }
            else
            {
                field.append(c);
            }
        }
        return count;
    }

    private static final class MutableRow implements Row
    {
        private long line;
        private Map<String, Integer> columns;
        private String[] fields;
        private int count;

        void set(final long line, final Map<String, Integer> columns, final String[] fields, final int count)
        {
            this.line = line;
            this.columns = columns;
            this.fields = fields;
            this.count = count;
        }

        @Override
        public long line()
        {
            return line;
        }

        @Override
        public String get(final String column)
        {
            final Integer i = columns.get(column);
            return i == null || i >= count ? "" : fields[i];
        }
    }
}
