package io.stockring.planner.history;

import io.stockring.planner.forecast.CalendarEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryStoreTest
{
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @TempDir
    Path dir;

    private final HistoryStore store = HistoryStore.open(null);

    @AfterEach
    void close()
    {
        store.close();
    }

    private Path file(final String name, final String... lines) throws IOException
    {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    @Test
    void shouldImportGoodRowsAndReportEachBadOneWithItsLine() throws IOException
    {
        final Path csv = file("history.csv",
            "date,sku,location,quantity,points_band",
            "2026-11-02,MUG,S1,3,1000-5000",
            "2026-11-01,MUG,S1,2,",
            "2026-11-01,MUG,S1,1,",
            "2026-13-01,MUG,S1,1,",
            "2026-11-03,MUG,S1,-4,",
            "2026-11-03,GHOST,S1,4,",
            "2026-11-03,MUG,,4,",
            "2027-01-01,MUG,S1,4,",
            "2026-11-03,MUG,S1,many,");
        final ImportReport report = store.importDemand(csv, Set.of("MUG"), TODAY, false);

        assertEquals(9, report.rowsRead());
        assertEquals(3, report.rowsStored());
        assertEquals(6, report.rowsSkipped());
        final List<String> problems = report.problems();
        assertTrue(problems.get(0).endsWith("history.csv:5: date '2026-13-01' is not yyyy-mm-dd"), problems.get(0));
        assertTrue(problems.get(1).endsWith(":6: quantity '-4' is not a whole number >= 0"), problems.get(1));
        assertTrue(problems.get(2).endsWith(":7: unknown sku 'GHOST'"), problems.get(2));
        assertTrue(problems.get(3).endsWith(":8: location is empty"), problems.get(3));
        assertTrue(problems.get(4).endsWith(":9: date 2027-01-01 is in the future"), problems.get(4));
        assertTrue(problems.get(5).endsWith(":10: quantity 'many' is not a whole number >= 0"), problems.get(5));

        final List<double[]> series = new ArrayList<>();
        store.forEachSeries(LocalDate.of(2026, 11, 1), 3, (sku, location, demand) -> series.add(demand));
        assertEquals(1, series.size());
        assertArrayEquals(new double[] {3, 3, 0}, series.get(0), "rows out of date order are summed per day");
        assertArrayEquals(series.get(0), store.series("MUG", "S1", LocalDate.of(2026, 11, 1), 3).orElseThrow(),
            "one series read alone is the same as in the full scan");
        assertTrue(store.series("MUG", "S2", LocalDate.of(2026, 11, 1), 3).isEmpty());
    }

    @Test
    void strictModeRefusesTheWholeFileAndStoresNothing() throws IOException
    {
        final Path csv = file("history.csv", "date,sku,location,quantity", "2026-11-01,MUG,S1,2",
            "2026-11-02,MUG,S1,-1");
        final ImportReport report = store.importDemand(csv, null, TODAY, true);
        assertTrue(report.refused());
        assertEquals(0, report.rowsStored());
        assertEquals(0, store.count("SELECT count(*) FROM demand"));
    }

    @Test
    void aHeaderWithoutARequiredColumnRefusesTheFile() throws IOException
    {
        final ImportReport report = store.importDemand(file("h.csv", "day,sku,qty", "2026-11-01,MUG,2"), null,
            TODAY, false);
        assertTrue(report.refused());
        assertTrue(report.problems().get(0).contains("header line lacks date, location, quantity"),
            report.problems().toString());
        assertFalse(store.importDemand(dir.resolve("missing.csv"), null, TODAY, false).rowsStored() > 0);
    }

    @Test
    void shouldRefuseItemsWithoutALeadTime() throws IOException
    {
        final Path csv = file("items.csv",
            "sku,name,category,unit_cost,points_price,lead_time_days,min_order",
            "MUG,\"Mug, blue\",home,12.5,1200,7,10",
            "PEN,Pen,office,2,200,0,1",
            "CAP,Cap,apparel,-1,100,5,1");
        final ImportReport report = store.importItems(csv, false);
        assertEquals(1, report.rowsStored());
        assertTrue(report.problems().get(0).endsWith(":3: lead_time_days '0' must be a number > 0"),
            report.problems().toString());
        final Map<String, ItemMaster> items = store.items();
        assertEquals("Mug, blue", items.get("MUG").name());
        assertEquals(10, items.get("MUG").minOrder());
        assertEquals(Set.of("MUG"), items.keySet());
    }

    @Test
    void shouldImportCalendarsAndRefuseBackwardsEvents() throws IOException
    {
        final ImportReport events = store.importCalendar(file("events.csv",
            "name,kind,first_day,last_day,scope,multiplier,lead_days",
            "mid-autumn,holiday,2026-10-03,2026-10-06,mooncakes,,21",
            "double-points,promotion,2026-11-11,2026-11-11,*,2.0,0",
            "broken,holiday,2026-10-06,2026-10-03,*,,0",
            "odd,festival,2026-10-06,2026-10-07,*,,0"), false);
        assertEquals(2, events.rowsStored());
        assertEquals(2, events.rowsSkipped());
        final List<CalendarEvent> rows = store.calendar();
        assertEquals("mid-autumn", rows.get(0).name());
        assertTrue(Double.isNaN(rows.get(0).defaultMultiplier()), "no multiplier: the kind's default");
        assertEquals(21, rows.get(0).leadDays());

        final ImportReport expiry = store.importExpiry(file("expiry.csv", "date,points_band,points",
            "2026-11-30,low,5000", "2026-11-30,high,7000", "2026-11-30,high,x"), false);
        assertEquals(2, expiry.rowsStored());
        assertEquals(12_000L, store.expiryByDay().get(LocalDate.of(2026, 11, 30)));
    }

    @Test
    void shouldBookCollectorSamplesAtomically()
    {
        store.bookSample(TODAY, List.of(new HistoryStore.CollectorSample("MUG", "S1", 10, 10, 2, 40)));
        store.bookSample(TODAY, List.of(new HistoryStore.CollectorSample("MUG", "S1", 15, 5, 0, 35)));
        assertEquals(15L, store.collectorTotals().get(HistoryStore.seriesKey("MUG", "S1")));
        final List<double[]> series = new ArrayList<>();
        store.forEachSeries(TODAY, 1, (sku, location, demand) -> series.add(demand));
        assertArrayEquals(new double[] {17}, series.get(0), "shipped 15 plus 2 refused");
        final HistoryStore.WindowTotals totals = store.windowTotals("MUG", TODAY, TODAY.plusDays(1));
        assertEquals(15, totals.shippedUnits());
        assertEquals(2, totals.refusedUnits());
        assertEquals(35, totals.averageOnHandUnits(), "the day's last sample is its on-hand");
    }
}
