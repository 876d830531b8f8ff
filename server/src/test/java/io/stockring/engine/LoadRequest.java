package io.stockring.engine;

import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One client request of the crash test, in a form that travels as text: the child prints it in
 * its ACK line and the parent rebuilds the very same request (same id, same content, hence the
 * same content hash) to retry it. Tokens never contain spaces (codes, names and reasons are
 * chosen that way).
 *
 * <pre>
 *   ITEM         rid sku name category
 *   LOC          rid code name kind parent|-
 *   RECEIVE      rid sku loc qty
 *   ADJUST_BY    rid sku loc delta reason
 *   ADJUST_TO    rid sku loc expected new reason
 *   RESERVE      rid channel ttlMs sku:loc:qty[,sku:loc:qty...]
 *   CONFIRM      rid reservationId
 *   RELEASE      rid reservationId
 *   TRANSFER     rid sku from to qty
 *   TRANSFER_OUT rid sku from to qty
 *   TRANSFER_IN  rid sku to qty
 *   POLICY       rid sku loc safety reorder
 * </pre>
 */
final class LoadRequest
{
    final String kind;
    final String requestId;
    final String[] args;

    private LoadRequest(final String kind, final String requestId, final String[] args)
    {
        this.kind = kind;
        this.requestId = requestId;
        this.args = args;
        for (final String a : args)
        {
            if (a.isEmpty() || a.indexOf(' ') >= 0)
            {
                throw new IllegalArgumentException("token with a space or empty: '" + a + "' in " + kind);
            }
        }
    }

    static LoadRequest of(final String kind, final String requestId, final Object... args)
    {
        final String[] s = new String[args.length];
        for (int i = 0; i < args.length; i++)
        {
            s[i] = String.valueOf(args[i]);
        }
        return new LoadRequest(kind, requestId, s);
    }

    static LoadRequest reserve(final String requestId, final String channel, final long ttlMs,
        final List<StockEngine.Line> lines)
    {
        final List<String> parts = new ArrayList<>();
        for (final StockEngine.Line l : lines)
        {
            parts.add(l.sku() + ":" + l.location() + ":" + l.quantity());
        }
        return of("RESERVE", requestId, channel, ttlMs, String.join(",", parts));
    }

    /** Parses {@code kind rid args...} starting at {@code tokens[from]}. */
    static LoadRequest parse(final String[] tokens, final int from)
    {
        return new LoadRequest(tokens[from], tokens[from + 1], Arrays.copyOfRange(tokens, from + 2, tokens.length));
    }

    String encode()
    {
        return kind + " " + requestId + (args.length == 0 ? "" : " " + String.join(" ", args));
    }

    long longArg(final int i)
    {
        return Long.parseLong(args[i]);
    }

    /** Reserve only: its lines as given. */
    List<StockEngine.Line> lines()
    {
        final List<StockEngine.Line> out = new ArrayList<>();
        for (final String part : args[2].split(","))
        {
            final String[] f = part.split(":");
            out.add(new StockEngine.Line(f[0], f[1], Long.parseLong(f[2])));
        }
        return out;
    }

    /** Reserve only: quantity per sku@location, lines on the same entry summed (as the engine stores them). */
    Map<String, Long> summedLines()
    {
        final Map<String, Long> out = new TreeMap<>();
        for (final StockEngine.Line l : lines())
        {
            out.merge(l.sku() + "@" + l.location(), l.quantity(), Long::sum);
        }
        return out;
    }

    CompletableFuture<Outcome> submit(final StockEngine e)
    {
        final String[] a = args;
        switch (kind)
        {
            case "ITEM":
                return e.upsertItem(requestId, a[0], a[1], a[2]);
            case "LOC":
                return e.upsertLocation(requestId, a[0], a[1], LocationKind.valueOf(a[2]),
                    "-".equals(a[3]) ? null : a[3]);
            case "RECEIVE":
                return e.receive(requestId, a[0], a[1], longArg(2));
            case "ADJUST_BY":
                return e.adjustBy(requestId, a[0], a[1], longArg(2), a[3]);
            case "ADJUST_TO":
                return e.adjustTo(requestId, a[0], a[1], longArg(2), longArg(3), a[4]);
            case "RESERVE":
                return e.reserve(requestId, a[0], lines(), longArg(1));
            case "CONFIRM":
                return e.confirm(requestId, longArg(0));
            case "RELEASE":
                return e.release(requestId, longArg(0));
            case "TRANSFER":
                return e.transfer(requestId, a[0], a[1], a[2], longArg(3));
            case "TRANSFER_OUT":
                return e.transferOut(requestId, a[0], a[1], a[2], longArg(3));
            case "TRANSFER_IN":
                return e.transferIn(requestId, a[0], a[1], longArg(2));
            case "POLICY":
                return e.setPolicy(requestId, a[0], a[1], longArg(2), longArg(3));
            default:
                throw new IllegalArgumentException("unknown request kind " + kind);
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof LoadRequest r && kind.equals(r.kind) && requestId.equals(r.requestId) &&
            Arrays.equals(args, r.args);
    }

    @Override
    public int hashCode()
    {
        return requestId.hashCode();
    }

    @Override
    public String toString()
    {
        return encode();
    }
}
