package io.stockring.planner.history;

import io.stockring.planner.forecast.CalendarEvent;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The planner's memory, in an embedded DuckDB file: daily demand per (sku, location), the item
 * master, the event and points-expiry calendars, and the collector's last sample of the ledger's
 * shipped counters. Columnar and embedded: a two-year history of 100,000 series (73 million
 * daily rows) is scanned in seconds, CSV goes in and out natively, and nothing else runs.
 *
 * <pre>
 *   demand    (day, sku, location, shipped, refused, points_band, source)   one row per fact; summed on read
 *   items     (sku PK, name, category, unit_cost, points_price, lead_time_days, ...)
 *   calendar  (name, kind, first_day, last_day, scope, multiplier, lead_days)
 *   expiry    (day, points_band, points)
 *   collector (sku, location PK, shipped_total)                            the ledger counters last booked
 *   stock_daily (day, sku, location PK, on_hand)                           on-hand at the day's last sample
 * </pre>
 *
 * <p>Thread-safety: methods are synchronized on the store; {@link #forEachSeries} reads through
 * its own connection so a long planning scan does not hold up the collector.
 */
public final class HistoryStore implements AutoCloseable
{
    private static final List<String> DEMAND_COLUMNS = List.of("date", "sku", "location", "quantity");
    private static final List<String> DEMAND_OPTIONAL = List.of("points_band", "refused");
    private static final List<String> ITEM_COLUMNS = List.of("sku", "unit_cost", "lead_time_days");
    private static final List<String> ITEM_OPTIONAL = List.of("name", "category", "points_price",
        "lead_time_sd_days", "ordering_cost", "holding_cost_rate", "min_order", "order_multiple");
    private static final List<String> CALENDAR_COLUMNS = List.of("name", "kind", "first_day", "last_day");
    private static final List<String> CALENDAR_OPTIONAL = List.of("scope", "multiplier", "lead_days");
    private static final List<String> EXPIRY_COLUMNS = List.of("date", "points_band", "points");

    /** DuckDB's memory ceiling (outside the Java heap); beyond it, aggregations spill to disk. */
    public static final String MEMORY_LIMIT = "1GB";

    private final DuckDBConnection connection;

    private HistoryStore(final DuckDBConnection connection) throws SQLException
    {
        this.connection = connection;
        try (Statement s = connection.createStatement())
        {
            s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
            s.execute("CREATE TABLE IF NOT EXISTS demand (day DATE NOT NULL, sku VARCHAR NOT NULL, " +
                "location VARCHAR NOT NULL, shipped BIGINT NOT NULL, refused BIGINT NOT NULL, points_band VARCHAR, " +
                "source VARCHAR NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS items (sku VARCHAR PRIMARY KEY, name VARCHAR, category VARCHAR, " +
                "unit_cost DOUBLE, points_price BIGINT, lead_time_days DOUBLE, lead_time_sd_days DOUBLE, " +
                "ordering_cost DOUBLE, holding_cost_rate DOUBLE, min_order BIGINT, order_multiple BIGINT)");
            s.execute("CREATE TABLE IF NOT EXISTS calendar (name VARCHAR, kind VARCHAR, first_day DATE, " +
                "last_day DATE, scope VARCHAR, multiplier DOUBLE, lead_days INTEGER)");
            s.execute("CREATE TABLE IF NOT EXISTS expiry (day DATE, points_band VARCHAR, points BIGINT)");
            s.execute("CREATE TABLE IF NOT EXISTS collector (sku VARCHAR, location VARCHAR, shipped_total BIGINT, " +
                "PRIMARY KEY (sku, location))");
            s.execute("CREATE TABLE IF NOT EXISTS stock_daily (day DATE, sku VARCHAR, location VARCHAR, " +
                "on_hand BIGINT, PRIMARY KEY (day, sku, location))");
        }
    }

    /** Opens (creating if needed) the store in {@code file}; {@code null} keeps it in memory. */
    public static HistoryStore open(final Path file)
    {
        try
        {
            if (file != null && file.getParent() != null)
            {
                Files.createDirectories(file.getParent());
            }
            final String url = "jdbc:duckdb:" + (file == null ? "" : file.toAbsolutePath());
            return new HistoryStore((DuckDBConnection)DriverManager.getConnection(url));
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("cannot open the planner history " + file + ": " + e.getMessage(), e);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ imports

    /**
     * Imports daily demand: {@code date,sku,location,quantity[,refused][,points_band]}. A row is
     * skipped (and reported with its line) when a field is missing or malformed, the quantity is
     * negative, the date is in the future of {@code today}, or the sku is not in {@code knownSkus}
     * (null: any sku). Rows need not be in date order: history is a set, summed per day on read.
     *
     * @param strict refuse the whole file if any row is bad
     */
    public synchronized ImportReport importDemand(final Path csv, final Set<String> knownSkus, final LocalDate today,
        final boolean strict) throws IOException
    {
        final ImportReport report = new ImportReport(csv);
        return inTransaction(report, strict, "demand", a -> CsvFile.read(csv, DEMAND_COLUMNS,
            DEMAND_OPTIONAL, report, row ->
            {
                final LocalDate day;
                try
                {
                    day = LocalDate.parse(row.get("date"));
                }
                catch (final DateTimeParseException e)
                {
                    return "date '" + row.get("date") + "' is not yyyy-mm-dd";
                }
                if (day.isAfter(today))
                {
                    return "date " + day + " is in the future";
                }
                final String sku = row.get("sku");
                final String location = row.get("location");
                if (sku.isEmpty() || location.isEmpty())
                {
                    return sku.isEmpty() ? "sku is empty" : "location is empty";
                }
                if (knownSkus != null && !knownSkus.contains(sku))
                {
                    return "unknown sku '" + sku + "'";
                }
                final long quantity = wholeNonNegative(row.get("quantity"));
                final String refusedText = row.get("refused");
                final long refused = refusedText.isEmpty() ? 0 : wholeNonNegative(refusedText);
                if (quantity < 0 || refused < 0)
                {
                    return (quantity < 0 ? "quantity '" + row.get("quantity") : "refused '" + refusedText) +
                        "' is not a whole number >= 0";
                }
                final String band = row.get("points_band");
                appendDemandRow(a, day, sku, location, quantity, refused, band.isEmpty() ? null : band, "import");
                report.stored(1);
                return null;
            }));
    }

    /**
     * Imports the item master: {@code sku,unit_cost,lead_time_days} and optionally name, category,
     * points_price, lead_time_sd_days, ordering_cost, holding_cost_rate, min_order, order_multiple.
     * A later row for the same sku replaces the earlier one. A lead time of zero or less, a
     * negative cost or a minimum order below 1 skips the row.
     */
    public synchronized ImportReport importItems(final Path csv, final boolean strict) throws IOException
    {
        final ImportReport report = new ImportReport(csv);
        final Map<String, ItemMaster> rows = new HashMap<>();
        final boolean read;
        try
        {
            read = readItems(csv, report, rows);
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (!read || (strict && report.rowsSkipped() > 0))
        {
            if (read)
            {
                report.refuse(report.rowsSkipped() + " bad rows in strict mode");
            }
            return report;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO items VALUES " +
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        {
            for (final ItemMaster i : rows.values())
            {
                upsert.setString(1, i.sku());
                upsert.setString(2, i.name());
                upsert.setString(3, i.category());
                upsert.setDouble(4, i.unitCost());
                upsert.setLong(5, i.pointsPrice());
                upsert.setDouble(6, i.leadTimeDays());
                upsert.setDouble(7, i.leadTimeSdDays());
                upsert.setDouble(8, i.orderingCost());
                upsert.setDouble(9, i.holdingCostRate());
                upsert.setLong(10, i.minOrder());
                upsert.setLong(11, i.orderMultiple());
                upsert.addBatch();
            }
            upsert.executeBatch();
            report.stored(rows.size());
        }
        catch (final SQLException e)
        {
            report.refuse("store failed: " + e.getMessage());
        }
        return report;
    }

    private static boolean readItems(final Path csv, final ImportReport report, final Map<String, ItemMaster> rows)
        throws IOException, SQLException
    {
        return CsvFile.read(csv, ITEM_COLUMNS, ITEM_OPTIONAL, report, row ->
        {
            final String sku = row.get("sku");
            if (sku.isEmpty())
            {
                return "sku is empty";
            }
            final ItemMaster d = ItemMaster.defaults(sku, sku, "");
            final double unitCost = number(row.get("unit_cost"), Double.NaN);
            final double lead = number(row.get("lead_time_days"), Double.NaN);
            final double leadSd = number(row.get("lead_time_sd_days"), d.leadTimeSdDays());
            final double orderingCost = number(row.get("ordering_cost"), d.orderingCost());
            final double holdingRate = number(row.get("holding_cost_rate"), d.holdingCostRate());
            final double points = number(row.get("points_price"), 0);
            final double minOrder = number(row.get("min_order"), 1);
            final double multiple = number(row.get("order_multiple"), 1);
            if (!(unitCost >= 0))
            {
                return "unit_cost '" + row.get("unit_cost") + "' is not a number >= 0";
            }
            if (!(lead > 0))
            {
                return "lead_time_days '" + row.get("lead_time_days") + "' must be a number > 0";
            }
            if (!(leadSd >= 0) || !(orderingCost >= 0) || !(holdingRate > 0) || !(points >= 0))
            {
                return "lead_time_sd_days, ordering_cost and points_price must be >= 0, holding_cost_rate > 0";
            }
            if (!(minOrder >= 1) || !(multiple >= 1) || minOrder != Math.rint(minOrder) || multiple != Math.rint(multiple))
            {
                return "min_order and order_multiple must be whole numbers >= 1";
            }
            final String name = row.get("name");
            rows.put(sku, new ItemMaster(sku, name.isEmpty() ? sku : name, row.get("category"), unitCost,
                (long)points, lead, leadSd, orderingCost, holdingRate, (long)minOrder, (long)multiple));
            return null;
        });
    }

    /**
     * Imports the event calendar: {@code name,kind,first_day,last_day[,scope][,multiplier][,lead_days]};
     * kind is holiday or promotion; scope "*" (the default) applies to everything.
     */
    public synchronized ImportReport importCalendar(final Path csv, final boolean strict) throws IOException
    {
        final ImportReport report = new ImportReport(csv);
        return inTransaction(report, strict, "calendar", a -> CsvFile.read(csv, CALENDAR_COLUMNS,
            CALENDAR_OPTIONAL, report, row ->
            {
                final String name = row.get("name");
                final CalendarEvent.Kind kind;
                try
                {
                    kind = CalendarEvent.Kind.valueOf(row.get("kind").toUpperCase(Locale.ROOT));
                }
                catch (final IllegalArgumentException e)
                {
                    return "kind '" + row.get("kind") + "' is not holiday or promotion";
                }
                final LocalDate first;
                final LocalDate last;
                try
                {
                    first = LocalDate.parse(row.get("first_day"));
                    last = LocalDate.parse(row.get("last_day"));
                }
                catch (final DateTimeParseException e)
                {
                    return "first_day and last_day must be yyyy-mm-dd";
                }
                if (name.isEmpty() || last.isBefore(first))
                {
                    return name.isEmpty() ? "name is empty" : "last_day " + last + " is before first_day " + first;
                }
                final double multiplier = number(row.get("multiplier"), Double.NaN);
                final double lead = number(row.get("lead_days"), 0);
                if (!row.get("multiplier").isEmpty() && !(multiplier > 0))
                {
                    return "multiplier '" + row.get("multiplier") + "' must be a number > 0";
                }
                if (!(lead >= 0) || lead != Math.rint(lead))
                {
                    return "lead_days '" + row.get("lead_days") + "' must be a whole number >= 0";
                }
                final String scope = row.get("scope");
                a.beginRow().append(name).append(kind.name()).append(first).append(last)
                    .append(scope.isEmpty() ? "*" : scope).append(multiplier).append((int)lead).endRow();
                report.stored(1);
                return null;
            }));
    }

    /** Imports the points-expiry calendar: {@code date,points_band,points}. */
    public synchronized ImportReport importExpiry(final Path csv, final boolean strict) throws IOException
    {
        final ImportReport report = new ImportReport(csv);
        return inTransaction(report, strict, "expiry", a -> CsvFile.read(csv, EXPIRY_COLUMNS, List.of(),
            report, row ->
            {
                final LocalDate day;
                try
                {
                    day = LocalDate.parse(row.get("date"));
                }
                catch (final DateTimeParseException e)
                {
                    return "date '" + row.get("date") + "' is not yyyy-mm-dd";
                }
                final long points = wholeNonNegative(row.get("points"));
                if (points < 0)
                {
                    return "points '" + row.get("points") + "' is not a whole number >= 0";
                }
                a.beginRow().append(day).append(row.get("points_band")).append(points).endRow();
                report.stored(1);
                return null;
            }));
    }

    // ------------------------------------------------------------------ the collector

    /** One (sku, location) sample of the ledger's shipped counter, and what to book for it. */
    public record CollectorSample(String sku, String location, long shippedTotal, long shippedDelta, long refused,
        long onHand)
    {
    }

    /** The shipped counters last booked, keyed by {@link #seriesKey}. */
    public synchronized Map<String, Long> collectorTotals()
    {
        final Map<String, Long> totals = new HashMap<>();
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT sku, location, shipped_total FROM collector"))
        {
            while (rs.next())
            {
                totals.put(seriesKey(rs.getString(1), rs.getString(2)), rs.getLong(3));
            }
            return totals;
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("reading the collector state: " + e.getMessage(), e);
        }
    }

    /**
     * Books one sample in one transaction (the demand rows for {@code day}, the day's on-hand per
     * entry, and the new counters), so a crash can neither lose nor double a unit.
     */
    public synchronized void bookSample(final LocalDate day, final List<CollectorSample> samples)
    {
        if (samples.isEmpty())
        {
            return;
        }
        try
        {
            try (Statement s = connection.createStatement())
            {
                s.execute("CREATE OR REPLACE TABLE staging_sample (sku VARCHAR, location VARCHAR, " +
                    "shipped_total BIGINT, shipped BIGINT, refused BIGINT, on_hand BIGINT)");
            }
            try (DuckDBAppender a = connection.createAppender("staging_sample"))
            {
                for (final CollectorSample s : samples)
                {
                    a.beginRow().append(s.sku()).append(s.location()).append(s.shippedTotal())
                        .append(s.shippedDelta()).append(s.refused()).append(s.onHand()).endRow();
                }
            }
            // The appender writes outside transactions: the staging table is only a buffer, and
            // this transaction is the one step that books the demand and moves the counters.
            connection.setAutoCommit(false);
            try (PreparedStatement book = connection.prepareStatement("INSERT INTO demand SELECT ?, sku, location, " +
                "shipped, refused, NULL, 'ledger' FROM staging_sample WHERE shipped <> 0 OR refused <> 0");
                Statement s = connection.createStatement())
            {
                book.setObject(1, day);
                book.execute();
                s.execute("INSERT OR REPLACE INTO collector SELECT sku, location, shipped_total FROM staging_sample");
                final PreparedStatement stock = connection.prepareStatement("INSERT OR REPLACE INTO stock_daily " +
                    "SELECT ?, sku, location, on_hand FROM staging_sample");
                stock.setObject(1, day);
                stock.execute();
                stock.close();
            }
            connection.commit();
        }
        catch (final SQLException e)
        {
            rollback();
            throw new IllegalStateException("booking a collector sample: " + e.getMessage(), e);
        }
        finally
        {
            autoCommit();
            execute("DROP TABLE IF EXISTS staging_sample");
        }
    }

    // ------------------------------------------------------------------ reads

    /** Receives one series: demand per day (shipped plus refused) from the window's first day. */
    public interface SeriesVisitor
    {
        void onSeries(String sku, String location, double[] demand);
    }

    /**
     * Streams every (sku, location) series with any demand in {@code [from, from + days)}, as a
     * dense array of daily demand (shipped plus refused: what members asked for, served or not).
     *
     * <p>DuckDB aggregates each series into two lists (day offsets, quantities) so that JDBC
     * crosses one row per series, not one per day: reading 100,000 two-year series row by row
     * took 130 s here, as lists 15 s. One query, not hash buckets: each bucket would rescan and
     * rehash the whole table. Memory stays bounded by DuckDB's own limit ({@link #MEMORY_LIMIT}),
     * beyond which it spills the aggregation to disk.
     */
    public void forEachSeries(final LocalDate from, final int days, final SeriesVisitor visitor)
    {
        final LocalDate to = from.plusDays(days);
        try (Connection reader = connection.duplicate();
            PreparedStatement q = reader.prepareStatement("SELECT sku, location, list(d ORDER BY d), list(q ORDER BY d) " +
                "FROM (SELECT sku, location, (day - ?)::INTEGER AS d, sum(shipped + refused)::DOUBLE AS q FROM demand " +
                "WHERE day >= ? AND day < ? GROUP BY sku, location, day) GROUP BY sku, location"))
        {
            q.setObject(1, from);
            q.setObject(2, from);
            q.setObject(3, to);
            try (ResultSet rs = q.executeQuery())
            {
                while (rs.next())
                {
                    final Object[] offsets = (Object[])rs.getArray(3).getArray();
                    final Object[] quantities = (Object[])rs.getArray(4).getArray();
                    final double[] demand = new double[days];
                    for (int i = 0; i < offsets.length; i++)
                    {
                        demand[(Integer)offsets[i]] = (Double)quantities[i];
                    }
                    visitor.onSeries(rs.getString(1), rs.getString(2), demand);
                }
            }
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("reading demand history: " + e.getMessage(), e);
        }
    }

    /** One series' daily demand over {@code [from, from + days)}, or empty when it has none. */
    public synchronized Optional<double[]> series(final String sku, final String location, final LocalDate from,
        final int days)
    {
        try (PreparedStatement q = connection.prepareStatement("SELECT (day - ?)::INTEGER, sum(shipped + refused)::DOUBLE " +
            "FROM demand WHERE sku = ? AND location = ? AND day >= ? AND day < ? GROUP BY day"))
        {
            q.setObject(1, from);
            q.setString(2, sku);
            q.setString(3, location);
            q.setObject(4, from);
            q.setObject(5, from.plusDays(days));
            final double[] demand = new double[days];
            boolean any = false;
            try (ResultSet rs = q.executeQuery())
            {
                while (rs.next())
                {
                    demand[rs.getInt(1)] = rs.getDouble(2);
                    any = true;
                }
            }
            return any ? Optional.of(demand) : Optional.empty();
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("reading the history of " + sku + " at " + location + ": " +
                e.getMessage(), e);
        }
    }

    /** Demand and stock figures of a window, for the KPIs: one sku, or all ({@code sku == null}). */
    public record WindowTotals(double shippedUnits, double refusedUnits, double averageOnHandUnits, int daysWithStock)
    {
    }

    /** Sums of {@code [from, to)}: units shipped and refused, and the mean over days of the day's total on-hand. */
    public synchronized WindowTotals windowTotals(final String sku, final LocalDate from, final LocalDate to)
    {
        final String skuFilter = sku == null ? "" : " AND sku = ?";
        try (PreparedStatement d = connection.prepareStatement("SELECT coalesce(sum(shipped), 0)::DOUBLE, " +
            "coalesce(sum(refused), 0)::DOUBLE FROM demand WHERE day >= ? AND day < ?" + skuFilter);
            PreparedStatement st = connection.prepareStatement("SELECT coalesce(avg(total), 0)::DOUBLE, count(*) " +
                "FROM (SELECT day, sum(on_hand) AS total FROM stock_daily WHERE day >= ? AND day < ?" + skuFilter +
                " GROUP BY day)"))
        {
            for (final PreparedStatement p : List.of(d, st))
            {
                p.setObject(1, from);
                p.setObject(2, to);
                if (sku != null)
                {
                    p.setString(3, sku);
                }
            }
            try (ResultSet a = d.executeQuery(); ResultSet b = st.executeQuery())
            {
                a.next();
                b.next();
                return new WindowTotals(a.getDouble(1), a.getDouble(2), b.getDouble(1), b.getInt(2));
            }
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("reading window totals: " + e.getMessage(), e);
        }
    }

    public synchronized Map<String, ItemMaster> items()
    {
        final Map<String, ItemMaster> items = new HashMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM items"))
        {
            while (rs.next())
            {
                items.put(rs.getString(1), new ItemMaster(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getDouble(4), rs.getLong(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8),
                    rs.getDouble(9), rs.getLong(10), rs.getLong(11)));
            }
            return items;
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("reading items: " + e.getMessage(), e);
        }
    }

    public synchronized List<CalendarEvent> calendar()
    {
        final List<CalendarEvent> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM calendar ORDER BY first_day, name"))
        {
            while (rs.next())
            {
                final double m = rs.getDouble(6);
                rows.add(new CalendarEvent(rs.getString(1), CalendarEvent.Kind.valueOf(rs.getString(2)),
                    rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class), rs.getString(5),
                    rs.wasNull() ? CalendarEvent.KIND_DEFAULT : m, rs.getInt(7)));
            }
            return rows;
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("reading the calendar: " + e.getMessage(), e);
        }
    }

    /** Points expiring per day, all bands summed. */
    public synchronized Map<LocalDate, Long> expiryByDay()
    {
        final Map<LocalDate, Long> byDay = new HashMap<>();
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT day, sum(points)::BIGINT FROM expiry GROUP BY day"))
        {
            while (rs.next())
            {
                byDay.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
            }
            return byDay;
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("reading the expiry calendar: " + e.getMessage(), e);
        }
    }

    /** The raw connection, for bulk loads in benchmarks and tests (generate_series, read_csv). */
    public synchronized void execute(final String sql)
    {
        try (Statement s = connection.createStatement())
        {
            s.execute(sql);
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public synchronized long count(final String sql)
    {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql))
        {
            rs.next();
            return rs.getLong(1);
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public static String seriesKey(final String sku, final String location)
    {
        return sku + '\u0000' + location;
    }

    @Override
    public synchronized void close()
    {
        try
        {
            connection.close();
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("closing the planner history: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ internals

    private interface AppenderWork
    {
        boolean run(DuckDBAppender appender) throws IOException, SQLException;
    }

    /**
     * Opens an appender on an empty staging copy of {@code table}: DuckDB's appender writes past
     * the connection's transaction, so rows go to the staging table first and reach the real one
     * in a single INSERT only when the file is kept.
     */
    private DuckDBAppender appender(final String table)
    {
        try (Statement s = connection.createStatement())
        {
            s.execute("CREATE OR REPLACE TABLE staging_" + table + " AS SELECT * FROM " + table + " LIMIT 0");
            return connection.createAppender("staging_" + table);
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("opening an appender on " + table + ": " + e.getMessage(), e);
        }
    }

    /** Runs an import: all of a file's good rows, or (refused) nothing. */
    private ImportReport inTransaction(final ImportReport report, final boolean strict, final String table,
        final AppenderWork work) throws IOException
    {
        final DuckDBAppender appender = appender(table);
        boolean keep = false;
        try
        {
            keep = work.run(appender);
            appender.close();
            if (keep && strict && report.rowsSkipped() > 0)
            {
                report.refuse(report.rowsSkipped() + " bad rows in strict mode");
                keep = false;
            }
            if (keep)
            {
                try (Statement s = connection.createStatement())
                {
                    s.execute("INSERT INTO " + table + " SELECT * FROM staging_" + table);
                }
            }
        }
        catch (final SQLException e)
        {
            report.refuse("store failed: " + e.getMessage());
        }
        finally
        {
            try (Statement s = connection.createStatement())
            {
                appender.close();
                s.execute("DROP TABLE IF EXISTS staging_" + table);
            }
            catch (final SQLException e)
            {
                report.refuse("cleaning up the staging table failed: " + e.getMessage());
            }
        }
        return report;
    }

    private static void appendDemandRow(final DuckDBAppender a, final LocalDate day, final String sku,
        final String location, final long shipped, final long refused, final String band, final String source)
    {
        try
        {
            a.beginRow().append(day).append(sku).append(location).append(shipped).append(refused);
            if (band == null)
            {
                a.appendNull();
            }
            else
            {
                a.append(band);
            }
            a.append(source).endRow();
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException("appending demand: " + e.getMessage(), e);
        }
    }

    private void rollback()
    {
        try
        {
            connection.rollback();
        }
        catch (final SQLException ignored)
        {
            // nothing was committed; the connection reports the first error
        }
    }

    private void autoCommit()
    {
        try
        {
            connection.setAutoCommit(true);
        }
        catch (final SQLException e)
        {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A whole number >= 0, or -1 when the text is not one. */
    private static long wholeNonNegative(final String text)
    {
        try
        {
            final long v = Long.parseLong(text);
            return v >= 0 ? v : -1;
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }

    private static double number(final String text, final double absent)
    {
        if (text.isEmpty())
        {
            return absent;
        }
        try
        {
            return Double.parseDouble(text);
        }
        catch (final NumberFormatException e)
        {
            return Double.NaN;
        }
    }
}
