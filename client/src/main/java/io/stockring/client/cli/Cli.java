package io.stockring.client.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.stockring.client.StockringClient;
import io.stockring.proto.v1.Item;
import io.stockring.proto.v1.Location;
import io.stockring.proto.v1.LocationKind;
import io.stockring.proto.v1.Reservation;
import io.stockring.proto.v1.ReserveLine;
import io.stockring.proto.v1.StockEvent;
import io.stockring.proto.v1.StockLevel;
import io.stockring.proto.v1.TransferRequest;
import io.stockring.proto.v1.TransferResponse;
import io.stockring.proto.v1.VerifyResponse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./stockring cli ...}: every operation from a shell. Errors print one line (the reason
 * and what it means) and exit non-zero: 1 for a refused request, 3 when the server cannot be
 * reached, 2 for a mistyped command.
 */
@Command(name = "stockring cli", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
    description = "Command-line client of a stockring server.",
    subcommands = {Cli.ItemCommand.class, Cli.LocationCommand.class, Cli.Receive.class, Cli.Reserve.class,
        Cli.Confirm.class, Cli.Release.class, Cli.Transfer.class, Cli.Adjust.class, Cli.Policy.class,
        Cli.Stock.class, Cli.GetReservation.class, Cli.Watch.class, ImportCommand.class, Cli.Verify.class,
        Cli.Checkpoint.class, PlanCommand.class, SecurityCommands.WhoAmI.class, SecurityCommands.Audit.class,
        SecurityCommands.ShowAllocation.class, SecurityCommands.Pool.class, SecurityCommands.Central.class,
        SecurityCommands.HighValue.class, SecurityCommands.Roles.class, SecurityCommands.SetRoles.class})
public final class Cli
{
    @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "${env:STOCKRING_SERVER:-127.0.0.1:50051}",
        scope = CommandLine.ScopeType.INHERIT,
        description = "Server address (default ${DEFAULT-VALUE}; env STOCKRING_SERVER).")
    String server;

    @Option(names = "--deadline-ms", defaultValue = "5000", scope = CommandLine.ScopeType.INHERIT, description = "Deadline per call (default ${DEFAULT-VALUE}).")
    long deadlineMs;

    @Option(names = "--ca", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE", defaultValue = "${env:STOCKRING_CA}",
        description = "TLS: the CA of the server's certificate (PEM; env STOCKRING_CA). Without it: plaintext.")
    java.nio.file.Path ca;

    @Option(names = "--cert", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE", defaultValue = "${env:STOCKRING_CERT}",
        description = "Mutual TLS: a client certificate (PEM; env STOCKRING_CERT), with --key.")
    java.nio.file.Path cert;

    @Option(names = "--key", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE", defaultValue = "${env:STOCKRING_KEY}",
        description = "The client certificate's key (PKCS#8 PEM; env STOCKRING_KEY).")
    java.nio.file.Path key;

    @Option(names = "--token-file", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE", defaultValue = "${env:STOCKRING_TOKEN_FILE}",
        description = "A bearer token, read from this file (env STOCKRING_TOKEN_FILE).")
    java.nio.file.Path tokenFile;

    @Option(names = "--authority", scope = CommandLine.ScopeType.INHERIT, paramLabel = "NAME",
        description = "TLS: check the server's certificate against this name instead of the host dialled.")
    String authority;

    @Option(names = "--audit-reason", scope = CommandLine.ScopeType.INHERIT, paramLabel = "TEXT",
        description = "Why: recorded with administrative changes in the audit trail (header x-stockring-reason).")
    String auditReason;

    public static void main(final String[] args)
    {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine cli = new CommandLine(new Cli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) ->
        {
            if (e instanceof StatusRuntimeException sre)
            {
                final Status status = sre.getStatus();
                final String reason = StockringClient.reason(e);
                final String text = status.getDescription() == null ? status.getCode().name() : status.getDescription();
                err.println("stockring: " + (text.startsWith(reason) ? text : reason + ": " + text));
                return status.getCode() == Status.Code.UNAVAILABLE ? 3 : 1;
            }
            err.println("stockring: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }

    StockringClient connect()
    {
        final int colon = server.lastIndexOf(':');
        if (colon <= 0)
        {
            throw new IllegalArgumentException("--server must be HOST:PORT, not '" + server + "'");
        }
        final int port;
        try
        {
            port = Integer.parseInt(server.substring(colon + 1));
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("--server must be HOST:PORT, not '" + server + "'");
        }
        final StockringClient.Options options = StockringClient.Options.defaults().withDeadline(
            Duration.ofMillis(deadlineMs));
        if (ca == null && cert == null && key == null && tokenFile == null && auditReason == null)
        {
            return StockringClient.connect(server.substring(0, colon), port, options);
        }
        try
        {
            final io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder builder = StockringClient.channelBuilder(
                server.substring(0, colon), port, new StockringClient.Security(ca, cert, key, tokenFile == null ? null :
                StockringClient.Security.readToken(tokenFile), authority));
            if (auditReason != null)
            {
                if (auditReason.isBlank() || auditReason.chars().anyMatch(c -> c < 0x20 || c > 0x7e))
                {
                    throw new IllegalArgumentException("--audit-reason must be printable ASCII");
                }
                final io.grpc.Metadata headers = new io.grpc.Metadata();
                headers.put(io.grpc.Metadata.Key.of("x-stockring-reason", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                    auditReason);
                builder.intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            return StockringClient.owning(builder.build(), options);
        }
        catch (final java.io.IOException e)
        {
            throw new IllegalArgumentException("cannot read the TLS or token files: " + e.getMessage(), e);
        }
    }

    static String describe(final StockLevel l)
    {
        return String.format(Locale.ROOT, "%-12s %-10s on_hand=%d reserved=%d available=%d in_transit=%d alert=%s" +
            " safety=%d reorder=%d", l.getSku(), l.getLocation(), l.getOnHand(), l.getReserved(), l.getAvailable(),
            l.getInTransit(), l.getAlertLevel().name().replace("ALERT_LEVEL_", ""), l.getSafetyStock(),
            l.getReorderPoint());
    }

    static String describe(final Reservation r)
    {
        final StringBuilder sb = new StringBuilder("reservation ").append(r.getReservationId()).append(' ')
            .append(r.getState().name().replace("RESERVATION_STATE_", "")).append(" channel=").append(r.getChannel());
        for (final ReserveLine line : r.getLinesList())
        {
            sb.append(' ').append(line.getSku()).append('@').append(line.getLocation()).append('x')
                .append(line.getQuantity());
        }
        return sb.append(" expires_at_ms=").append(r.getExpiresAtMs()).toString();
    }

    /** Base of the subcommands: the parent's connection options and output. */
    abstract static class Sub implements Callable<Integer>
    {
        @ParentCommand
        Cli parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out()
        {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() throws Exception
        {
            try (StockringClient client = parent.connect())
            {
                return run(client);
            }
        }

        /** @return the exit code */
        abstract int run(StockringClient client) throws Exception;
    }

    @Command(name = "item", description = "Items (gifts).", subcommands = ItemCommand.Add.class)
    static final class ItemCommand
    {
        @ParentCommand
        Cli parent;

        @Command(name = "add", description = "Create or update an item.")
        static final class Add implements Callable<Integer>
        {
            @ParentCommand
            ItemCommand item;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Parameters(index = "0", paramLabel = "SKU")
            String sku;

            @Option(names = "--name", required = true)
            String name;

            @Option(names = "--category", defaultValue = "")
            String category;

            @Override
            public Integer call()
            {
                try (StockringClient client = item.parent.connect())
                {
                    final Item saved = client.upsertItem(sku, name, category);
                    spec.commandLine().getOut().println("item " + saved.getSku() + " \"" + saved.getName() + "\" saved");
                }
                return 0;
            }
        }
    }

    @Command(name = "location", description = "Locations.", subcommands = LocationCommand.Add.class)
    static final class LocationCommand
    {
        @ParentCommand
        Cli parent;

        @Command(name = "add", description = "Create or update a location.")
        static final class Add implements Callable<Integer>
        {
            @ParentCommand
            LocationCommand location;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Parameters(index = "0", paramLabel = "CODE")
            String code;

            @Option(names = "--kind", required = true, description = "central, regional, store or online.")
            String kind;

            @Option(names = "--parent", defaultValue = "")
            String parentCode;

            @Option(names = "--name", defaultValue = "")
            String name;

            @Override
            public Integer call()
            {
                final LocationKind k;
                switch (kind.toLowerCase(Locale.ROOT))
                {
                    case "central":
                        k = LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE;
                        break;
                    case "regional":
                        k = LocationKind.LOCATION_KIND_REGIONAL_WAREHOUSE;
                        break;
                    case "store":
                        k = LocationKind.LOCATION_KIND_STORE;
                        break;
                    case "online":
                        k = LocationKind.LOCATION_KIND_ONLINE_POOL;
                        break;
                    default:
                        throw new IllegalArgumentException("--kind must be central, regional, store or online");
                }
                try (StockringClient client = location.parent.connect())
                {
                    final Location saved = client.upsertLocation(code, name, k, parentCode);
                    spec.commandLine().getOut().println("location " + saved.getCode() + " saved");
                }
                return 0;
            }
        }
    }

    @Command(name = "receive", description = "Goods in: add stock at a location.")
    static final class Receive extends Sub
    {
        @Parameters(index = "0", paramLabel = "SKU")
        String sku;

        @Parameters(index = "1", paramLabel = "LOCATION")
        String location;

        @Parameters(index = "2", paramLabel = "QUANTITY")
        long quantity;

        @Override
        int run(final StockringClient client)
        {
            out().println(describe(client.receive(sku, location, quantity)));
            return 0;
        }
    }

    @Command(name = "reserve", description = "Hold stock for an order: all lines or none.")
    static final class Reserve extends Sub
    {
        @Option(names = "--channel", required = true)
        String channel;

        @Option(names = "--ttl", defaultValue = "900", description = "Seconds the hold lasts (default ${DEFAULT-VALUE}).")
        int ttlSeconds;

        @Option(names = "--request-id", description = "Idempotency key (generated when absent).")
        String requestId;

        @Parameters(arity = "1..*", paramLabel = "SKU@LOCATION:QTY")
        List<String> lines;

        @Override
        int run(final StockringClient client)
        {
            final List<ReserveLine> parsed = new ArrayList<>();
            for (final String line : lines)
            {
                final int at = line.indexOf('@');
                final int colon = line.lastIndexOf(':');
                if (at <= 0 || colon < at)
                {
                    throw new IllegalArgumentException("a line is SKU@LOCATION:QTY, not '" + line + "'");
                }
                final long qty;
                try
                {
                    qty = Long.parseLong(line.substring(colon + 1));
                }
                catch (final NumberFormatException e)
                {
                    throw new IllegalArgumentException("quantity in '" + line + "' is not a number");
                }
                parsed.add(StockringClient.line(line.substring(0, at), line.substring(at + 1, colon), qty));
            }
            final String id = requestId == null ? StockringClient.newRequestId() : requestId;
            out().println(describe(client.reserve(id, channel, parsed, ttlSeconds)));
            return 0;
        }
    }

    @Command(name = "confirm", description = "The goods leave: on-hand and reserved both drop.")
    static final class Confirm extends Sub
    {
        @Parameters(index = "0", paramLabel = "RESERVATION_ID")
        String id;

        @Override
        int run(final StockringClient client)
        {
            out().println(describe(client.confirm(id)));
            return 0;
        }
    }

    @Command(name = "release", description = "Give a hold back to available stock.")
    static final class Release extends Sub
    {
        @Parameters(index = "0", paramLabel = "RESERVATION_ID")
        String id;

        @Override
        int run(final StockringClient client)
        {
            out().println(describe(client.release(id)));
            return 0;
        }
    }

    @Command(name = "transfer", description = "Move stock between locations (at once, or --ship then --land).")
    static final class Transfer extends Sub
    {
        @Parameters(index = "0", paramLabel = "SKU")
        String sku;

        @Parameters(index = "1", paramLabel = "FROM")
        String from;

        @Parameters(index = "2", paramLabel = "TO")
        String to;

        @Parameters(index = "3", paramLabel = "QUANTITY")
        long quantity;

        @Option(names = "--ship", description = "Send into TO's in-transit stock.")
        boolean ship;

        @Option(names = "--land", description = "Land in-transit stock at TO (FROM may be '-').")
        boolean land;

        @Override
        int run(final StockringClient client)
        {
            if (ship && land)
            {
                throw new IllegalArgumentException("choose --ship or --land, not both");
            }
            final TransferRequest.Mode mode = ship ? TransferRequest.Mode.MODE_SHIP :
                land ? TransferRequest.Mode.MODE_LAND : TransferRequest.Mode.MODE_IMMEDIATE;
            final TransferResponse r = client.transfer(sku, "-".equals(from) ? "" : from, to, quantity, mode);
            if (r.hasFrom())
            {
                out().println(describe(r.getFrom()));
            }
            out().println(describe(r.getTo()));
            return 0;
        }
    }

    @Command(name = "adjust", description = "Correct on-hand stock (--by N, or --to N --expected M), with a reason.")
    static final class Adjust extends Sub
    {
        @Parameters(index = "0", paramLabel = "SKU")
        String sku;

        @Parameters(index = "1", paramLabel = "LOCATION")
        String location;

        @Option(names = "--by")
        Long by;

        @Option(names = "--to")
        Long to;

        @Option(names = "--expected")
        Long expected;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        int run(final StockringClient client)
        {
            if ((by == null) == (to == null))
            {
                throw new IllegalArgumentException("give exactly one of --by or --to");
            }
            if (to != null && expected == null)
            {
                throw new IllegalArgumentException("--to needs --expected (the on-hand count you saw)");
            }
            out().println(describe(by != null ? client.adjustBy(sku, location, by, reason) :
                client.adjustTo(sku, location, expected, to, reason)));
            return 0;
        }
    }

    @Command(name = "policy", description = "Set safety stock and reorder point (alert levels follow).")
    static final class Policy extends Sub
    {
        @Parameters(index = "0", paramLabel = "SKU")
        String sku;

        @Parameters(index = "1", paramLabel = "LOCATION")
        String location;

        @Option(names = "--safety", required = true)
        long safety;

        @Option(names = "--reorder", required = true)
        long reorder;

        @Override
        int run(final StockringClient client)
        {
            out().println(describe(client.setPolicy(sku, location, safety, reorder)));
            return 0;
        }
    }

    @Command(name = "stock", description = "Stock of a sku at one location, or at all of them.")
    static final class Stock extends Sub
    {
        @Parameters(index = "0", paramLabel = "SKU")
        String sku;

        @Parameters(index = "1", paramLabel = "LOCATION", arity = "0..1")
        String location;

        @Override
        int run(final StockringClient client)
        {
            final List<StockLevel> levels = client.getStock(sku, location);
            if (levels.isEmpty())
            {
                out().println(sku + ": no stock anywhere");
            }
            levels.forEach(l -> out().println(describe(l)));
            return 0;
        }
    }

    @Command(name = "reservation", description = "Show one reservation.")
    static final class GetReservation extends Sub
    {
        @Parameters(index = "0", paramLabel = "RESERVATION_ID")
        String id;

        @Override
        int run(final StockringClient client)
        {
            out().println(describe(client.getReservation(id)));
            return 0;
        }
    }

    @Command(name = "watch", description = "Print alert-level changes and low-stock events as they happen.")
    static final class Watch extends Sub
    {
        @Option(names = "--sku")
        List<String> skus = new ArrayList<>();

        @Option(names = "--location")
        List<String> locations = new ArrayList<>();

        @Option(names = "--count", defaultValue = "0", description = "Stop after this many events (0 = never).")
        int count;

        @Override
        int run(final StockringClient client)
        {
            final Iterator<StockEvent> events = client.watch(skus, locations);
            int seen = 0;
            while (events.hasNext() && (count == 0 || seen < count))
            {
                final StockEvent e = events.next();
                out().println(e.getKind().name().replace("KIND_", "") + " " + e.getSku() + "@" + e.getLocation() +
                    (e.getKind() == StockEvent.Kind.KIND_ALERT_LEVEL_CHANGED ?
                        " " + e.getFromLevel().name().replace("ALERT_LEVEL_", "") + " -> " +
                            e.getToLevel().name().replace("ALERT_LEVEL_", "") : "") +
                    " available=" + e.getAvailable() + " seq=" + e.getSeq());
                seen++;
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Check every ledger invariant.")
    static final class Verify extends Sub
    {
        @Override
        int run(final StockringClient client)
        {
            final VerifyResponse r = client.verify();
            out().println((r.getClean() ? "clean" : "BROKEN") + ": " + r.getStockEntries() + " stock entries, " +
                r.getReservations() + " reservations (" + r.getHeldReservations() + " held)");
            r.getProblemsList().forEach(p -> out().println("  " + p));
            return r.getClean() ? 0 : 1;
        }
    }

    @Command(name = "checkpoint", description = "Take a ledger snapshot now.")
    static final class Checkpoint extends Sub
    {
        @Override
        int run(final StockringClient client)
        {
            out().println("checkpoint at seq " + client.checkpoint());
            return 0;
        }
    }

}
