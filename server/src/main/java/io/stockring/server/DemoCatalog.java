package io.stockring.server;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.engine.Engine;
import io.stockring.planner.history.HistoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A small, realistic programme to try every command on: a central warehouse, two regional
 * warehouses, five stores and an online pool; a few hundred gifts across categories, stocked
 * mostly centrally, some at the edge, with policies on the popular ones. Seeded only on an empty
 * catalog, with fixed request ids, so a second {@code --demo} start changes nothing.
 */
final class DemoCatalog
{
    private static final Logger LOG = LoggerFactory.getLogger(DemoCatalog.class);

    private static final String[][] CATEGORIES = {
        {"kitchen", "Ceramic mug", "Bamboo cutting board", "Thermos flask", "Tea set", "Chef knife", "Rice cooker"},
        {"home", "Scented candle", "Throw blanket", "Photo frame", "Desk lamp", "Silk pillowcase"},
        {"electronics", "Bluetooth speaker", "Power bank", "Wireless earbuds", "Smart band", "USB-C charger"},
        {"beauty", "Hand cream set", "Face mask box", "Perfume sample set", "Hair dryer"},
        {"travel", "Luggage tag", "Neck pillow", "Cabin suitcase", "Travel adapter"},
        {"festival", "Mooncake gift box", "Red envelope set", "Spring Festival couplets", "Lantern kit"},
        {"kids", "Building blocks", "Plush panda", "Puzzle 500", "Picture book set"},
        {"vouchers", "Coffee voucher", "Movie ticket", "Supermarket card", "Car wash voucher"},
    };
    private static final int ITEMS = 300;

    private DemoCatalog()
    {
    }

    static void seed(final Engine engine) throws Exception
    {
        if (engine.catalog().itemCount() > 0)
        {
            LOG.info("event=demo_skipped reason=catalog_not_empty items={}", engine.catalog().itemCount());
            return;
        }
        location(engine, "CW", "Central warehouse (Shanghai)", LocationKind.CENTRAL_WAREHOUSE, null);
        location(engine, "RW-EAST", "East regional warehouse (Hangzhou)", LocationKind.REGIONAL_WAREHOUSE, "CW");
        location(engine, "RW-SOUTH", "South regional warehouse (Guangzhou)", LocationKind.REGIONAL_WAREHOUSE, "CW");
        location(engine, "ONLINE", "Online pool (app and mini-program)", LocationKind.ONLINE_POOL, "CW");
        location(engine, "ST-HZ01", "Store Hangzhou West Lake", LocationKind.STORE, "RW-EAST");
        location(engine, "ST-SH02", "Store Shanghai Jing'an", LocationKind.STORE, "RW-EAST");
        location(engine, "ST-NJ03", "Store Nanjing Xinjiekou", LocationKind.STORE, "RW-EAST");
        location(engine, "ST-GZ04", "Store Guangzhou Tianhe", LocationKind.STORE, "RW-SOUTH");
        location(engine, "ST-SZ05", "Store Shenzhen Futian", LocationKind.STORE, "RW-SOUTH");

        final String[] stores = {"ST-HZ01", "ST-SH02", "ST-NJ03", "ST-GZ04", "ST-SZ05"};
        final List<CompletableFuture<Outcome>> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++)
        {
            final String[] category = CATEGORIES[i % CATEGORIES.length];
            final String base = category[1 + (i / CATEGORIES.length) % (category.length - 1)];
            final String sku = String.format("G%04d", i + 1);
            items.add(engine.upsertItem("demo-item-" + sku, sku, base + " #" + (i + 1), category[0]));
        }
        for (final CompletableFuture<Outcome> f : items)
        {
            await(f);
        }
        final List<CompletableFuture<Outcome>> pending = new ArrayList<>();
        final Random random = new Random(20261125);
        for (int i = 0; i < ITEMS; i++)
        {
            final String sku = String.format("G%04d", i + 1);
            // Popularity follows a long tail: a few gifts carry most redemptions (ABC).
            final long central = 50 + (long)(4_000 / Math.pow(i + 1, 0.6)) + random.nextInt(50);
            pending.add(engine.receive("demo-recv-cw-" + sku, sku, "CW", central));
            pending.add(engine.receive("demo-recv-online-" + sku, sku, "ONLINE", 5 + central / 4));
            for (final String store : stores)
            {
                if (random.nextInt(3) == 0)
                {
                    pending.add(engine.receive("demo-recv-" + store + "-" + sku, sku, store, 2 + random.nextInt(20)));
                }
            }
            if (i < 60)
            {
                pending.add(engine.setPolicy("demo-policy-online-" + sku, sku, "ONLINE", central / 8, central / 6));
            }
        }
        for (final CompletableFuture<Outcome> f : pending)
        {
            await(f);
        }
        LOG.info("event=demo_seeded locations=9 items={}", ITEMS);
    }

    /**
     * Two years of redemption history for the demo catalog, with what real programmes show (SEED
     * section 1): a long tail of popularity, weekends about 30% up, month-start (points credited)
     * and month-end (points expiring) peaks, festival gifts surging before Mid-Autumn and Spring
     * Festival; plus item economics and the event calendar, so that {@code ./stockring plan}
     * has something to plan. Only into an empty history.
     */
    static void seedPlannerHistory(final HistoryStore history, final LocalDate today)
    {
        if (history.count("SELECT count(*) FROM demand") > 0)
        {
            LOG.info("event=demo_history_skipped reason=history_not_empty");
            return;
        }
        history.execute("SELECT setseed(0.20261125)");
        history.execute("INSERT OR REPLACE INTO items SELECT printf('G%04d', i), 'demo gift ' || i, " +
            "['kitchen','home','electronics','beauty','travel','festival','kids','vouchers'][1 + (i - 1) % 8], " +
            "round(5 + 600 / sqrt(i), 2), (round(5 + 600 / sqrt(i), 2) * 100)::BIGINT, 5 + i % 11, 1 + i % 3, " +
            "40 + i % 60, 0.25, 1 + (i % 4) * 5, 1 FROM range(1, " + (ITEMS + 1) + ") t(i)");
        final String calendar = String.join(",",
            "('mid-autumn','HOLIDAY',DATE '2025-10-06',DATE '2025-10-06','festival',NULL,21)",
            "('mid-autumn','HOLIDAY',DATE '2026-09-25',DATE '2026-09-25','festival',NULL,21)",
            "('mid-autumn','HOLIDAY',DATE '2027-09-15',DATE '2027-09-15','festival',NULL,21)",
            "('spring-festival','HOLIDAY',DATE '2025-01-29',DATE '2025-02-04','festival',NULL,14)",
            "('spring-festival','HOLIDAY',DATE '2026-02-17',DATE '2026-02-23','festival',NULL,14)",
            "('spring-festival','HOLIDAY',DATE '2027-02-06',DATE '2027-02-12','festival',NULL,14)",
            "('double-11','PROMOTION',DATE '2025-11-11',DATE '2025-11-11','*',NULL,0)",
            "('double-11','PROMOTION',DATE '2026-11-11',DATE '2026-11-11','*',NULL,0)");
        history.execute("INSERT INTO calendar VALUES " + calendar);
        // Festival gifts (every 8th, from the 6th) sell 5x in the 3 weeks before Mid-Autumn and
        // 3x around Spring Festival; everything doubles on Double 11.
        history.execute("INSERT INTO demand SELECT day, sku, location, q, 0, NULL, 'demo' FROM (" +
            "SELECT d.day, printf('G%04d', i) AS sku, l.location, round((CASE WHEN l.location = 'ONLINE' THEN 30 ELSE 4 END) " +
            "/ pow(i, 0.6) * (CASE WHEN isodow(d.day) >= 6 THEN 1.3 ELSE 1 END) " +
            "* (CASE WHEN dayofmonth(d.day) <= 3 THEN 1.4 WHEN dayofmonth(d.day) > dayofmonth(last_day(d.day)) - 3 " +
            "THEN 1.6 ELSE 1 END) " +
            "* (CASE WHEN (i - 1) % 8 = 5 AND (d.day BETWEEN DATE '2025-09-15' AND DATE '2025-10-06' OR " +
            "d.day BETWEEN DATE '2026-09-04' AND DATE '2026-09-25') THEN 5 WHEN (i - 1) % 8 = 5 AND " +
            "(d.day BETWEEN DATE '2025-01-15' AND DATE '2025-02-04' OR d.day BETWEEN DATE '2026-02-03' AND " +
            "DATE '2026-02-23') THEN 3 ELSE 1 END) " +
            "* (CASE WHEN d.day IN (DATE '2025-11-11', DATE '2026-11-11') THEN 2 ELSE 1 END) " +
            "* (0.5 + random()))::BIGINT AS q " +
            "FROM (SELECT CAST(DATE '" + today + "' - INTERVAL (x) DAY AS DATE) AS day FROM range(1, 731) r(x)) d, " +
            "range(1, " + (ITEMS + 1) + ") t(i), (VALUES ('ONLINE'), ('ST-HZ01'), ('ST-SH02'), ('ST-NJ03'), " +
            "('ST-GZ04'), ('ST-SZ05')) l(location) WHERE l.location = 'ONLINE' OR i <= 120) WHERE q > 0");
        LOG.info("event=demo_history_seeded rows={}", history.count("SELECT count(*) FROM demand"));
    }

    private static void location(final Engine engine, final String code, final String name,
        final LocationKind kind, final String parent) throws Exception
    {
        await(engine.upsertLocation("demo-loc-" + code, code, name, kind, parent));
    }

    private static void await(final CompletableFuture<Outcome> f) throws Exception
    {
        final Outcome o = f.get();
        if (!o.isOk())
        {
            throw new IllegalStateException("demo seeding failed: " + o);
        }
    }
}
