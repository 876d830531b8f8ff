package io.stockring.server;

import io.stockring.engine.LocationKind;
import io.stockring.engine.Outcome;
import io.stockring.engine.StockEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    static void seed(final StockEngine engine) throws Exception
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

    private static void location(final StockEngine engine, final String code, final String name,
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
