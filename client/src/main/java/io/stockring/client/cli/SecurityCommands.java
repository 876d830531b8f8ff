package io.stockring.client.cli;

import io.stockring.client.StockringClient;
import io.stockring.proto.v1.Allocation;
import io.stockring.proto.v1.AuditRecord;
import io.stockring.proto.v1.ChannelPool;
import io.stockring.proto.v1.GetAllocationRequest;
import io.stockring.proto.v1.ListAuditRequest;
import io.stockring.proto.v1.ListAuditResponse;
import io.stockring.proto.v1.ListPrincipalsRequest;
import io.stockring.proto.v1.Principal;
import io.stockring.proto.v1.SetCentralReserveRequest;
import io.stockring.proto.v1.SetChannelPoolRequest;
import io.stockring.proto.v1.SetHighValueSkuRequest;
import io.stockring.proto.v1.SetRolesRequest;
import io.stockring.proto.v1.WhoAmIRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The Security service from a shell: who am I, the audit trail, the channel allocation, roles. */
final class SecurityCommands
{
    private SecurityCommands()
    {
    }

    static String describe(final Principal p)
    {
        return p.getName() + " roles=" + String.join(",", p.getRolesList()) +
            (p.getChannel().isEmpty() ? "" : " channel=" + p.getChannel()) +
            (p.getAuthenticatedBy().isEmpty() ? "" : " by=" + p.getAuthenticatedBy());
    }

    static void print(final java.io.PrintWriter out, final Allocation a)
    {
        out.println("allocation version " + a.getVersion() + ": central reserve " +
            (a.getCentralReserve().isEmpty() ? "(none)" : a.getCentralReserve()) + ", high-value skus " +
            (a.getHighValueSkusCount() == 0 ? "(none)" : String.join(",", a.getHighValueSkusList())) +
            (a.getHighValueMaxPerLine() > 0 ? " (at most " + a.getHighValueMaxPerLine() + " per line)" : ""));
        for (final ChannelPool p : a.getPoolsList())
        {
            out.println("  channel " + p.getChannel() + " " + (p.getSku().isEmpty() ? "*" : p.getSku()) + " -> " +
                p.getLocation() + (p.getFallbackToParent() ? " (falls back to its parent)" : ""));
        }
    }

    @Command(name = "whoami", description = "Who the server takes you for.")
    static final class WhoAmI extends Cli.Sub
    {
        @Override
        int run(final StockringClient client)
        {
            out().println(describe(client.security().whoAmI(WhoAmIRequest.getDefaultInstance())));
            return 0;
        }
    }

    @Command(name = "audit", description = {"The audit trail of administrative changes (operator).",
        "With --export FILE, every matching record is written to FILE (jsonl or csv)."})
    static final class Audit extends Cli.Sub
    {
        @Option(names = "--after", defaultValue = "0", description = "Records after this sequence.")
        long after;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (without --export).")
        int limit;

        @Option(names = "--principal", description = "Only this principal's.")
        String principal;

        @Option(names = "--method", description = "Only methods starting with this (e.g. stockring.v1.StockAdmin/).")
        String method;

        @Option(names = "--export", paramLabel = "FILE", description = "Write every matching record to FILE.")
        Path export;

        @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default) or csv.")
        String format;

        @Override
        int run(final StockringClient client) throws IOException
        {
            final ListAuditRequest.Builder q = ListAuditRequest.newBuilder().setAfterSeq(after)
                .setPrincipal(principal == null ? "" : principal).setMethodPrefix(method == null ? "" : method);
            if (export == null)
            {
                final ListAuditResponse page = client.security().listAudit(q.setLimit(limit).build());
                for (final AuditRecord r : page.getRecordsList())
                {
                    out().println(r.getSeq() + " " + Instant.ofEpochMilli(r.getAtMs()) + " " + r.getPrincipal() + " " +
                        r.getMethod() + " " + r.getStatus() + (r.getReason().isEmpty() ? "" : " reason=\"" +
                        r.getReason() + "\"") + " " + r.getRequestJson() + (r.getDetail().isEmpty() ? "" : " (" +
                        r.getDetail() + ")"));
                }
                if (page.getMore())
                {
                    out().println("(more: --after " + page.getLastSeq() + ")");
                }
                return 0;
            }
            final boolean csv = switch (format.toLowerCase(Locale.ROOT))
            {
                case "jsonl" -> false;
                case "csv" -> true;
                default -> throw new IllegalArgumentException("--format must be jsonl or csv");
            };
            long count = 0;
            try (BufferedWriter w = Files.newBufferedWriter(export, StandardCharsets.UTF_8))
            {
                if (csv)
                {
                    w.write("seq,at,principal,authenticated_by,peer,method,status,reason,request_json,status_message," +
                        "detail\n");
                }
                while (true)
                {
                    final ListAuditResponse page = client.security().listAudit(q.setLimit(1_000).build());
                    for (final AuditRecord r : page.getRecordsList())
                    {
                        w.write(csv ? csvLine(r) : jsonLine(r));
                        w.write('\n');
                        count++;
                    }
                    if (!page.getMore())
                    {
                        break;
                    }
                    q.setAfterSeq(page.getLastSeq());
                }
            }
            out().println("exported " + count + " records to " + export);
            return 0;
        }

        /** One record as a JSON object (field names as in the proto3 JSON mapping). */
        static String jsonLine(final AuditRecord r)
        {
            return "{\"seq\":" + r.getSeq() + ",\"atMs\":" + r.getAtMs() + ",\"at\":" + json(Instant.ofEpochMilli(
                r.getAtMs()).toString()) + ",\"principal\":" + json(r.getPrincipal()) + ",\"authenticatedBy\":" +
                json(r.getAuthenticatedBy()) + ",\"peer\":" + json(r.getPeer()) + ",\"method\":" + json(r.getMethod()) +
                ",\"status\":" + json(r.getStatus()) + ",\"reason\":" + json(r.getReason()) + ",\"requestJson\":" +
                json(r.getRequestJson()) + ",\"statusMessage\":" + json(r.getStatusMessage()) + ",\"detail\":" +
                json(r.getDetail()) + "}";
        }

        static String json(final String s)
        {
            final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++)
            {
                final char c = s.charAt(i);
                switch (c)
                {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default ->
                    {
                        if (c < 0x20)
                        {
                            sb.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                        }
                        else
                        {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }

        static String csvLine(final AuditRecord r)
        {
            final List<String> cells = Arrays.asList(Long.toString(r.getSeq()), Instant.ofEpochMilli(r.getAtMs())
                .toString(), r.getPrincipal(), r.getAuthenticatedBy(), r.getPeer(), r.getMethod(), r.getStatus(),
                r.getReason(), r.getRequestJson(), r.getStatusMessage(), r.getDetail());
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cells.size(); i++)
            {
                if (i > 0)
                {
                    sb.append(',');
                }
                sb.append('"').append(cells.get(i).replace("\"", "\"\"")).append('"');
            }
            return sb.toString();
        }
    }

    @Command(name = "allocation", description = "The channel allocation: pools, central reserve, high-value skus.")
    static final class ShowAllocation extends Cli.Sub
    {
        @Override
        int run(final StockringClient client)
        {
            print(out(), client.security().getAllocation(GetAllocationRequest.getDefaultInstance()));
            return 0;
        }
    }

    @Command(name = "pool", description = "Set (or --remove) a channel's pool, for every sku or one (planner, operator).")
    static final class Pool extends Cli.Sub
    {
        @Option(names = "--channel", required = true)
        String channel;

        @Option(names = "--sku", defaultValue = "", description = "Only this sku (default: every sku).")
        String sku;

        @Parameters(index = "0", arity = "0..1", paramLabel = "LOCATION")
        String location;

        @Option(names = "--fallback", description = "Also reserve at the pool's parent when the pool cannot cover a line.")
        boolean fallback;

        @Option(names = "--remove")
        boolean remove;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        int run(final StockringClient client)
        {
            if (remove == (location != null))
            {
                throw new IllegalArgumentException("give a LOCATION, or --remove");
            }
            print(out(), client.security().setChannelPool(SetChannelPoolRequest.newBuilder().setPool(ChannelPool
                .newBuilder().setChannel(channel).setSku(sku).setLocation(location == null ? "" : location)
                .setFallbackToParent(fallback)).setRemove(remove).setReason(reason).build()));
            return 0;
        }
    }

    @Command(name = "central", description = "Set the central reserve (planner, operator); '-' for none.")
    static final class Central extends Cli.Sub
    {
        @Parameters(index = "0", paramLabel = "LOCATION")
        String location;

        @Option(names = "--high-value-max", defaultValue = "0", description = "Units of a high-value sku per line " +
            "at most (0: no such limit).")
        long max;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        int run(final StockringClient client)
        {
            print(out(), client.security().setCentralReserve(SetCentralReserveRequest.newBuilder()
                .setLocation("-".equals(location) ? "" : location).setHighValueMaxPerLine(max).setReason(reason)
                .build()));
            return 0;
        }
    }

    @Command(name = "high-value", description = "Mark a sku high-value (sold only from the central reserve), or --off.")
    static final class HighValue extends Cli.Sub
    {
        @Parameters(index = "0", paramLabel = "SKU")
        String sku;

        @Option(names = "--off")
        boolean off;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        int run(final StockringClient client)
        {
            print(out(), client.security().setHighValueSku(SetHighValueSkuRequest.newBuilder().setSku(sku)
                .setHighValue(!off).setReason(reason).build()));
            return 0;
        }
    }

    @Command(name = "roles", description = "Principals and their roles (operator).")
    static final class Roles extends Cli.Sub
    {
        @Override
        int run(final StockringClient client)
        {
            client.security().listPrincipals(ListPrincipalsRequest.getDefaultInstance()).getPrincipalsList()
                .forEach(p -> out().println(describe(p)));
            return 0;
        }
    }

    @Command(name = "set-roles", description = "Replace a principal's roles (operator).")
    static final class SetRoles extends Cli.Sub
    {
        @Parameters(index = "0", paramLabel = "PRINCIPAL")
        String principal;

        @Parameters(index = "1", paramLabel = "ROLES", description = "Comma-separated: operator, planner, reader, channel.")
        String roles;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        int run(final StockringClient client)
        {
            out().println(describe(client.security().setRoles(SetRolesRequest.newBuilder().setPrincipal(principal)
                .addAllRoles(Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .setReason(reason).build())));
            return 0;
        }
    }
}
