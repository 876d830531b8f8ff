package io.stockring.server.planning;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.stockring.core.command.AlertLevel;
import io.stockring.core.journal.Durability;
import io.stockring.core.ledger.LedgerCapacity;
import io.stockring.core.ledger.StockLevel;
import io.stockring.proto.v1.AllocationRequest;
import io.stockring.proto.v1.AllocationView;
import io.stockring.proto.v1.ForecastView;
import io.stockring.proto.v1.ImportCsvRequest;
import io.stockring.proto.v1.ImportCsvResult;
import io.stockring.proto.v1.Item;
import io.stockring.proto.v1.KpiRequest;
import io.stockring.proto.v1.KpiView;
import io.stockring.proto.v1.ListSuggestionsRequest;
import io.stockring.proto.v1.Location;
import io.stockring.proto.v1.LocationKind;
import io.stockring.proto.v1.PlanRunSummary;
import io.stockring.proto.v1.PlanningGrpc;
import io.stockring.proto.v1.PolicyView;
import io.stockring.proto.v1.PurchaseSuggestions;
import io.stockring.proto.v1.ReceiveRequest;
import io.stockring.proto.v1.RunNowRequest;
import io.stockring.proto.v1.SeriesRequest;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.TransferSuggestions;
import io.stockring.proto.v1.VerifyRequest;
import io.stockring.server.ServerConfig;
import io.stockring.server.StockringServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner end to end through a real server: history imported over gRPC, a planning run,
 * thresholds visible in the core's alert levels, suggestions listed, an automatic transfer
 * executed, and the books still balanced.
 */
class PlannerEndToEndIT
{
    private static final long SEED = 20261125L;

    @TempDir
    Path dir;

    private StockringServer server;
    private ManagedChannel channel;
    private StockAdminGrpc.StockAdminBlockingStub admin;
    private PlanningGrpc.PlanningBlockingStub planning;
    private int ids;

    private void start(final boolean autoTransfers, final boolean realtimeA) throws Exception
    {
        start(autoTransfers, realtimeA, null);
    }

    private void start(final boolean autoTransfers, final boolean realtimeA, final Path filesDir) throws Exception
    {
        final ServerConfig config = new ServerConfig();
        config.grpcPort = 0;
        config.metricsEnabled = false;
        config.dataDir = dir.resolve("data");
        config.durability = Durability.ASYNC;
        config.capacity = LedgerCapacity.small();
        config.checkpointIntervalSeconds = 0;
        config.plannerZone = ZoneOffset.UTC;
        config.plannerAutoTransfers = autoTransfers;
        config.plannerRealtimeATransfers = realtimeA;
        config.plannerFilesDir = filesDir;
        server = StockringServer.start(config);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        admin = StockAdminGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        planning = PlanningGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception
    {
        if (server != null)
        {
            channel.shutdownNow();
            server.close();
        }
    }

    private String id()
    {
        return "e2e-" + (ids++);
    }

    private void location(final String code, final String parent, final LocationKind kind)
    {
        admin.upsertLocation(Location.newBuilder().setRequestId(id()).setCode(code).setParent(parent).setKind(kind)
            .setName(code).build());
    }

    private void receive(final String sku, final String location, final long quantity)
    {
        admin.receive(ReceiveRequest.newBuilder().setRequestId(id()).setSku(sku).setLocation(location)
            .setQuantity(quantity).build());
    }

    private long onHandEverywhere(final String sku)
    {
        return server.engine().stockOfSku(sku).stream().mapToLong(StockLevel::onHand).sum();
    }

    @Test
    void historyInPlanRunPoliciesInTheCoreTransfersIssuedBooksBalanced() throws Exception
    {
        start(true, false);
        location("CW", "", LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE);
        location("RW", "CW", LocationKind.LOCATION_KIND_REGIONAL_WAREHOUSE);
        location("S1", "RW", LocationKind.LOCATION_KIND_STORE);
        location("S2", "RW", LocationKind.LOCATION_KIND_STORE);
        for (final String sku : List.of("PHONE", "MUG", "PEN"))
        {
            admin.upsertItem(Item.newBuilder().setRequestId(id()).setSku(sku).setName(sku).setCategory("gifts").build());
        }
        receive("PHONE", "CW", 400);
        receive("PHONE", "RW", 300);
        receive("PHONE", "S1", 3);
        receive("PHONE", "S2", 60);
        receive("MUG", "S1", 500);
        receive("PEN", "S2", 40);

        final Path items = Files.writeString(dir.resolve("items.csv"), String.join("\n",
            "sku,name,category,unit_cost,points_price,lead_time_days,lead_time_sd_days,ordering_cost,holding_cost_rate,min_order",
            "PHONE,Phone,digital,2000,200000,10,2,80,0.25,5",
            "MUG,Mug,home,12,1200,7,1,20,0.25,50",
            "PEN,Pen,office,2,200,0,0,5,0.25,100") + "\n");
        final ImportCsvResult itemsResult = planning.importCsv(ImportCsvRequest.newBuilder()
            .setKind(ImportCsvRequest.Kind.KIND_ITEMS).setPath(items.toString()).build());
        assertEquals(2, itemsResult.getRowsStored(), itemsResult.getProblemsList().toString());
        assertTrue(itemsResult.getProblems(0).contains(":4: lead_time_days '0' must be a number > 0"),
            itemsResult.getProblemsList().toString());

        // Two years of history: a weekly pattern with weekend peaks and month-end expiry peaks.
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final Random random = new Random(SEED);
        final List<String> rows = new ArrayList<>();
        rows.add("date,sku,location,quantity");
        for (int d = 730; d >= 1; d--)
        {
            final LocalDate day = today.minusDays(d);
            final boolean weekend = day.getDayOfWeek().getValue() >= 6;
            final boolean monthEnd = day.getDayOfMonth() > day.lengthOfMonth() - 3;
            final double level = 10 * (weekend ? 1.3 : 1.0) * (monthEnd ? 1.6 : 1.0);
            rows.add(day + ",PHONE,S1," + Math.max(0, Math.round(level + random.nextGaussian() * 2)));
            rows.add(day + ",PHONE,S2," + Math.max(0, Math.round(level / 5 + random.nextGaussian())));
            if (random.nextInt(10) == 0)
            {
                rows.add(day + ",MUG,S1," + (1 + random.nextInt(3)));
            }
        }
        rows.add(today.minusDays(3) + ",GHOST,S1,4");
        rows.add(today.minusDays(3) + ",PHONE,S1,-4");
        final Path history = Files.writeString(dir.resolve("history.csv"), String.join("\n", rows) + "\n");
        final ImportCsvResult historyResult = planning.importCsv(ImportCsvRequest.newBuilder()
            .setKind(ImportCsvRequest.Kind.KIND_HISTORY).setPath(history.toString()).build());
        assertEquals(2, historyResult.getRowsSkipped(), historyResult.getProblemsList().toString());
        assertTrue(historyResult.getProblemsList().get(0).contains("unknown sku 'GHOST'"));

        final long phonesBefore = onHandEverywhere("PHONE");
        final PlanRunSummary run = planning.runNow(RunNowRequest.newBuilder()
            .setReportDir(dir.resolve("report").toString()).build());
        assertEquals(6, run.getSeries(), "PHONE at 4 locations, MUG at S1, and PEN at S2 (no history but " +
            "stock: planned with zero demand) " + run);
        assertTrue(run.getPoliciesPushed() >= 3, run.toString());
        assertTrue(run.getMase() <= run.getBaselineMase() * 1.0001, "the planner's choice never backtests worse " +
            "than the baseline it could have used: " + run);

        // Thresholds reached the core: S1 holds 3 phones against a safety stock for ~10 a day.
        final PolicyView s1 = planning.getPolicy(SeriesRequest.newBuilder().setSku("PHONE").setLocation("S1").build());
        assertEquals("A", s1.getAbcClass());
        assertTrue(s1.getSafetyStock() > 10, s1.toString());
        final StockLevel s1Level = server.engine().stock("PHONE", "S1").orElseThrow();
        assertEquals(s1.getSafetyStock(), s1Level.safetyStock());
        assertEquals(s1.getReorderPoint(), s1Level.reorderPoint());

        // Rebalancing: S1 short, RW has plenty; the automatic mode issued the transfer.
        final TransferSuggestions transfers = planning.listTransferSuggestions(ListSuggestionsRequest.newBuilder()
            .setSku("PHONE").build());
        assertFalse(transfers.getSuggestionsList().isEmpty(), run.toString());
        assertTrue(transfers.getSuggestionsList().stream().anyMatch(t -> t.getToLocation().equals("S1") &&
            !t.getRequestId().isEmpty()), transfers.toString());
        assertTrue(server.engine().stock("PHONE", "S1").orElseThrow().onHand() > 3, "the transfer landed");
        // The core now judges S1 against the planner's safety stock: draw it below half of it.
        final StockLevel afterTransfer = server.engine().stock("PHONE", "S1").orElseThrow();
        final long toReserve = afterTransfer.available() - s1.getSafetyStock() / 2 + 1;
        assertTrue(server.engine().reserve(id(), "app", List.of(new io.stockring.engine.StockEngine.Line("PHONE", "S1",
            toReserve)), 60_000).get(30, TimeUnit.SECONDS).isOk());
        assertEquals(AlertLevel.RED, server.engine().stock("PHONE", "S1").orElseThrow().alertLevel(),
            "below half the pushed safety stock is RED in the core");
        assertEquals(phonesBefore, onHandEverywhere("PHONE"), "transfers move stock, they never make or lose it");
        assertTrue(admin.verify(VerifyRequest.getDefaultInstance()).getClean(), "the ledger check passes");

        final PurchaseSuggestions purchases = planning.listPurchaseSuggestions(ListSuggestionsRequest.getDefaultInstance());
        purchases.getSuggestionsList().forEach(p -> assertTrue(p.getQuantity() >= 1 && p.getInventoryPosition() <=
            p.getReorderPoint(), p.toString()));

        final ForecastView forecast = planning.getForecast(SeriesRequest.newBuilder().setSku("PHONE")
            .setLocation("S1").build());
        assertEquals(90, forecast.getMeanCount());
        for (int i = 0; i < forecast.getMeanCount(); i++)
        {
            assertTrue(forecast.getLower(i) <= forecast.getMean(i) && forecast.getMean(i) <= forecast.getUpper(i) &&
                forecast.getLower(i) >= 0, "day " + i + ": " + forecast.getLower(i) + " <= " + forecast.getMean(i) +
                " <= " + forecast.getUpper(i));
        }

        final KpiView kpis = planning.getKpis(KpiRequest.newBuilder().setSku("PHONE").setWindowDays(365).build());
        assertTrue(kpis.getOutboundUnits() > 3000, kpis.toString());

        final String html = Files.readString(Path.of(run.getReportPath()));
        assertTrue(html.contains("<svg") && html.contains("PHONE @ S1") && html.contains("Purchase suggestions"),
            "the report has plots and tables");
        final Path reportDir = Path.of(run.getReportPath()).getParent();
        assertEquals(purchases.getSuggestionsCount() + 1, Files.readAllLines(reportDir.resolve("purchases.csv")).size());
        assertTrue(Files.readString(reportDir.resolve("plan.json")).startsWith("{\"runId\":\"" + run.getRunId()));

        final AllocationView allocation = planning.suggestAllocation(AllocationRequest.newBuilder().setSku("PHONE")
            .setQuantity(1000).build());
        assertEquals(1000, allocation.getUnitsByLocationMap().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(300, allocation.getCentralReserve(), "30% kept at the central warehouse");
        assertTrue(allocation.getUnitsByLocationOrDefault("S1", 0) > allocation.getUnitsByLocationOrDefault("S2", 0),
            "S1 sells five times what S2 does: " + allocation);

        final StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () ->
            planning.getPolicy(SeriesRequest.newBuilder().setSku("NOPE").setLocation("S1").build()));
        assertEquals(io.grpc.Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    }

    @Test
    void anAItemAtItsReorderPointGetsATransferFromItsParentAtOnce() throws Exception
    {
        start(false, true);
        location("CW", "", LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE);
        location("RW", "CW", LocationKind.LOCATION_KIND_REGIONAL_WAREHOUSE);
        location("S1", "RW", LocationKind.LOCATION_KIND_STORE);
        admin.upsertItem(Item.newBuilder().setRequestId(id()).setSku("PHONE").setName("Phone").setCategory("digital")
            .build());
        receive("PHONE", "RW", 2000);
        receive("PHONE", "S1", 400);
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        final List<String> rows = new ArrayList<>();
        rows.add("date,sku,location,quantity");
        for (int d = 120; d >= 1; d--)
        {
            rows.add(today.minusDays(d) + ",PHONE,S1," + (8 + d % 5));
            rows.add(today.minusDays(d) + ",PHONE,RW," + (1 + d % 2));
        }
        final Path history = Files.writeString(dir.resolve("history.csv"), String.join("\n", rows) + "\n");
        planning.importCsv(ImportCsvRequest.newBuilder().setKind(ImportCsvRequest.Kind.KIND_HISTORY)
            .setPath(history.toString()).build());
        final PlanRunSummary run = planning.runNow(RunNowRequest.getDefaultInstance());
        assertEquals(0, run.getTransfersIssued(), "automatic mode is off: the run only suggests");
        final PolicyView policy = planning.getPolicy(SeriesRequest.newBuilder().setSku("PHONE").setLocation("S1")
            .build());
        assertEquals("A", policy.getAbcClass());

        // Members redeem S1 down to its reorder point: the writer's low-stock event reaches the planner.
        final long phonesBefore = onHandEverywhere("PHONE");
        final long available = server.engine().stock("PHONE", "S1").orElseThrow().available();
        final long take = available - policy.getReorderPoint() + 1;
        final long reservation = server.engine().reserve(id(), "app", List.of(
            new io.stockring.engine.StockEngine.Line("PHONE", "S1", take)), 60_000).get(30, TimeUnit.SECONDS).value();
        server.engine().confirm(id(), reservation).get(30, TimeUnit.SECONDS);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long onHand = server.engine().stock("PHONE", "S1").orElseThrow().onHand();
        while (onHand <= available - take && System.nanoTime() < deadline)
        {
            Thread.sleep(50);
            onHand = server.engine().stock("PHONE", "S1").orElseThrow().onHand();
        }
        assertTrue(onHand > available - take, "a transfer from RW landed at S1 without waiting for a run");
        assertTrue(server.engine().stock("PHONE", "S1").orElseThrow().available() > policy.getReorderPoint(),
            "back above its reorder point");
        assertEquals(phonesBefore - take, onHandEverywhere("PHONE"), "only the redeemed units left the network");
        assertTrue(admin.verify(VerifyRequest.getDefaultInstance()).getClean());
    }

    @Test
    void importsAndReportsStayInsideTheFilesDirectory() throws Exception
    {
        final Path files = Files.createDirectories(dir.resolve("files"));
        start(false, false, files);
        Files.writeString(files.resolve("items.csv"), "sku,unit_cost,lead_time_days\nPHONE,2000,10\n");
        Files.writeString(dir.resolve("outside.csv"), "sku,unit_cost,lead_time_days\nPHONE,2000,10\n");
        assertEquals(0, planning.importCsv(ImportCsvRequest.newBuilder().setKind(ImportCsvRequest.Kind.KIND_ITEMS)
            .setPath("items.csv").build()).getRowsSkipped(), "a name relative to the files directory");
        for (final String path : List.of(dir.resolve("outside.csv").toString(), "../outside.csv", "/etc/passwd"))
        {
            final StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> planning.importCsv(
                ImportCsvRequest.newBuilder().setKind(ImportCsvRequest.Kind.KIND_ITEMS).setPath(path).build()));
            assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), path);
        }
        final StatusRuntimeException report = assertThrows(StatusRuntimeException.class, () -> planning.runNow(
            RunNowRequest.newBuilder().setReportDir(dir.resolve("elsewhere").toString()).build()));
        assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, report.getStatus().getCode());
        assertFalse(Files.exists(dir.resolve("elsewhere")), "nothing written outside");
        assertTrue(Files.exists(Path.of(planning.runNow(RunNowRequest.newBuilder().setReportDir("report").build())
            .getReportPath())));
    }
}
