package io.stockring.engine;

import io.stockring.core.command.AlertLevel;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.Outcome;
import io.stockring.core.command.ReservationState;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.ReservationView;
import io.stockring.core.testing.StateDigest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A naive, obviously-correct model of the ledger for the differential test: plain maps, codes
 * instead of ids, no journal, no versions. It decides every outcome on its own, so where it and
 * the engine disagree, one of them is wrong. Retention purges and capacity limits are not
 * modelled (the differential test runs with retention and capacities out of reach).
 */
final class ReferenceModel
{
    static final long MAX_QUANTITY = 1_000_000_000_000L;

    record Item(int id, String name, String category)
    {
    }

    record Location(int id, String name, LocationKind kind, String parent)
    {
    }

    static final class Stock
    {
        long onHand;
        long reserved;
        long inTransit;
        long safety;
        long reorder;
        long shipped;
        boolean written;
    }

    static final class Reservation
    {
        long id;
        String channel;
        ReservationState state = ReservationState.HELD;
        long expiresAt;
        final LinkedHashMap<String, Long> lines = new LinkedHashMap<>();
    }

    record Remembered(String content, ResultCode code, long value)
    {
    }

    /** One request as a client sends it. */
    record Op(CommandType type, String requestId, String sku, String location, String to, long quantity,
        long expected, boolean setMode, String text, LocationKind kind, String channel, List<String[]> lines,
        List<Long> quantities, long ttlMs, long reservationId, long safety, long reorder, int maxCount)
    {
        String content()
        {
            return type + "|" + sku + "|" + location + "|" + to + "|" + quantity + "|" + expected + "|" + setMode +
                "|" + text + "|" + kind + "|" + channel + "|" + linesText() + "|" + ttlMs + "|" + reservationId + "|" +
                safety + "|" + reorder;
        }

        private String linesText()
        {
            if (lines == null)
            {
                return "";
            }
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.size(); i++)
            {
                sb.append(lines.get(i)[0]).append('@').append(lines.get(i)[1]).append('x').append(quantities.get(i))
                    .append(';');
            }
            return sb.toString();
        }
    }

    final Map<String, Item> items = new HashMap<>();
    final Map<String, Location> locations = new HashMap<>();
    final Map<String, Stock> stock = new HashMap<>();
    final Map<Long, Reservation> reservations = new TreeMap<>();
    final Map<String, Remembered> requests = new HashMap<>();

    /** Applies {@code op} at time {@code now}; {@code seq} is the journal sequence the engine gave it. */
    Outcome apply(final Op op, final long seq, final long now)
    {
        final ResultCode invalid = validate(op);
        if (invalid != null)
        {
            return new Outcome(invalid, 0, 0);
        }
        if (op.type() != CommandType.EXPIRE_DUE)
        {
            final Remembered r = requests.get(op.requestId());
            if (r != null)
            {
                return r.content().equals(op.content()) ? new Outcome(r.code(), r.value(), seq) :
                    new Outcome(ResultCode.REQUEST_ID_REUSED, 0, seq);
            }
        }
        final long[] value = new long[1];
        final ResultCode code = decide(op, seq, now, value);
        if (op.type() != CommandType.EXPIRE_DUE)
        {
            requests.put(op.requestId(), new Remembered(op.content(), code, value[0]));
        }
        return new Outcome(code, value[0], seq);
    }

    private ResultCode decide(final Op op, final long seq, final long now, final long[] value)
    {
        switch (op.type())
        {
            case UPSERT_ITEM:
            {
                final Item old = items.get(op.sku());
                final int id = old != null ? old.id() : items.size() + 1;
                items.put(op.sku(), new Item(id, op.text(), op.location() == null ? "" : op.location()));
                value[0] = id;
                return ResultCode.OK;
            }
            case UPSERT_LOCATION:
            {
                final String parent = op.to() == null || op.to().isEmpty() ? null : op.to();
                if (parent != null && !locations.containsKey(parent))
                {
                    return ResultCode.UNKNOWN_PARENT_LOCATION;
                }
                final Location old = locations.get(op.location());
                if (old != null && parent != null)
                {
                    for (String p = parent; p != null; p = locations.get(p).parent())
                    {
                        if (p.equals(op.location()))
                        {
                            return ResultCode.PARENT_CYCLE;
                        }
                    }
                }
                final int id = old != null ? old.id() : locations.size() + 1;
                locations.put(op.location(), new Location(id, op.text() == null ? "" : op.text(), op.kind(), parent));
                value[0] = id;
                return ResultCode.OK;
            }
            case RECEIVE:
            {
                final ResultCode known = known(op.sku(), op.location());
                if (known != null)
                {
                    return known;
                }
                final Stock s = entry(op.sku(), op.location());
                s.onHand += op.quantity();
                s.written = true;
                return ResultCode.OK;
            }
            case ADJUST:
            {
                final ResultCode known = known(op.sku(), op.location());
                if (known != null)
                {
                    return known;
                }
                final Stock s = entry(op.sku(), op.location());
                final long next;
                if (op.setMode())
                {
                    if (s.onHand != op.expected())
                    {
                        value[0] = s.onHand;
                        return ResultCode.ADJUST_EXPECTED_MISMATCH;
                    }
                    next = op.quantity();
                }
                else
                {
                    next = s.onHand + op.quantity();
                }
                if (next < s.reserved)
                {
                    return ResultCode.ADJUST_BELOW_RESERVED;
                }
                s.onHand = next;
                s.written = true;
                value[0] = next;
                return ResultCode.OK;
            }
            case TRANSFER:
            case TRANSFER_OUT:
            {
                ResultCode known = known(op.sku(), op.location());
                if (known == null)
                {
                    known = known(op.sku(), op.to());
                }
                if (known != null)
                {
                    return known;
                }
                final Stock from = stock.get(op.sku() + "@" + op.location());
                if (from == null || !from.written || from.onHand - from.reserved < op.quantity())
                {
                    return ResultCode.INSUFFICIENT_STOCK;
                }
                final Stock to = entry(op.sku(), op.to());
                from.onHand -= op.quantity();
                if (op.type() == CommandType.TRANSFER)
                {
                    to.onHand += op.quantity();
                }
                else
                {
                    to.inTransit += op.quantity();
                }
                to.written = true;
                return ResultCode.OK;
            }
            case TRANSFER_IN:
            {
                final ResultCode known = known(op.sku(), op.to());
                if (known != null)
                {
                    return known;
                }
                final Stock to = stock.get(op.sku() + "@" + op.to());
                if (to == null || !to.written || to.inTransit < op.quantity())
                {
                    return ResultCode.INSUFFICIENT_IN_TRANSIT;
                }
                to.inTransit -= op.quantity();
                to.onHand += op.quantity();
                return ResultCode.OK;
            }
            case SET_POLICY:
            {
                final ResultCode known = known(op.sku(), op.location());
                if (known != null)
                {
                    return known;
                }
                final Stock s = entry(op.sku(), op.location());
                s.safety = op.safety();
                s.reorder = op.reorder();
                s.written = true;
                value[0] = AlertLevel.of(s.onHand - s.reserved, s.safety).ordinal();
                return ResultCode.OK;
            }
            case RESERVE:
                return reserve(op, seq, now, value);
            case CONFIRM:
            case RELEASE:
                return finish(op, now, value);
            case EXPIRE_DUE:
            {
                final List<Reservation> due = new ArrayList<>();
                for (final Reservation r : reservations.values())
                {
                    if (r.state == ReservationState.HELD && r.expiresAt <= now)
                    {
                        due.add(r);
                    }
                }
                due.sort((a, b) -> a.expiresAt != b.expiresAt ? Long.compare(a.expiresAt, b.expiresAt) :
                    Long.compare(a.id, b.id));
                int n = 0;
                for (final Reservation r : due)
                {
                    if (n == op.maxCount())
                    {
                        break;
                    }
                    end(r, ReservationState.EXPIRED);
                    n++;
                }
                value[0] = n;
                return ResultCode.OK;
            }
            default:
                throw new IllegalArgumentException(op.type().toString());
        }
    }

    private ResultCode reserve(final Op op, final long seq, final long now, final long[] value)
    {
        final LinkedHashMap<String, Long> sums = new LinkedHashMap<>();
        for (int i = 0; i < op.lines().size(); i++)
        {
            final String[] line = op.lines().get(i);
            final ResultCode known = known(line[0], line[1]);
            if (known != null)
            {
                value[0] = i;
                return known;
            }
            sums.merge(line[0] + "@" + line[1], op.quantities().get(i), Long::sum);
        }
        for (final Map.Entry<String, Long> e : sums.entrySet())
        {
            final Stock s = stock.get(e.getKey());
            if (s == null || !s.written || s.onHand - s.reserved < e.getValue())
            {
                for (int i = 0; i < op.lines().size(); i++)
                {
                    if ((op.lines().get(i)[0] + "@" + op.lines().get(i)[1]).equals(e.getKey()))
                    {
                        value[0] = i;
                        break;
                    }
                }
                return ResultCode.INSUFFICIENT_STOCK;
            }
        }
        final Reservation r = new Reservation();
        r.id = seq;
        r.channel = op.channel();
        r.expiresAt = now + op.ttlMs();
        for (final Map.Entry<String, Long> e : sums.entrySet())
        {
            stock.get(e.getKey()).reserved += e.getValue();
            r.lines.put(e.getKey(), e.getValue());
        }
        reservations.put(seq, r);
        value[0] = seq;
        return ResultCode.OK;
    }

    private ResultCode finish(final Op op, final long now, final long[] value)
    {
        final Reservation r = reservations.get(op.reservationId());
        if (r == null)
        {
            return ResultCode.UNKNOWN_RESERVATION;
        }
        value[0] = r.id;
        switch (r.state)
        {
            case CONFIRMED:
                return ResultCode.ALREADY_CONFIRMED;
            case RELEASED:
                return ResultCode.ALREADY_RELEASED;
            case EXPIRED:
                return ResultCode.RESERVATION_EXPIRED;
            default:
                break;
        }
        if (now >= r.expiresAt)
        {
            end(r, ReservationState.EXPIRED);
            return ResultCode.RESERVATION_EXPIRED;
        }
        end(r, op.type() == CommandType.CONFIRM ? ReservationState.CONFIRMED : ReservationState.RELEASED);
        return ResultCode.OK;
    }

    private void end(final Reservation r, final ReservationState state)
    {
        for (final Map.Entry<String, Long> e : r.lines.entrySet())
        {
            final Stock s = stock.get(e.getKey());
            s.reserved -= e.getValue();
            if (state == ReservationState.CONFIRMED)
            {
                s.onHand -= e.getValue();
                s.shipped += e.getValue();
            }
        }
        r.state = state;
    }

    private ResultCode known(final String sku, final String location)
    {
        if (!items.containsKey(sku))
        {
            return ResultCode.UNKNOWN_SKU;
        }
        if (!locations.containsKey(location))
        {
            return ResultCode.UNKNOWN_LOCATION;
        }
        return null;
    }

    private Stock entry(final String sku, final String location)
    {
        return stock.computeIfAbsent(sku + "@" + location, k -> new Stock());
    }

    /** The edge's checks, written out again independently. */
    private static ResultCode validate(final Op op)
    {
        if (op.type() == CommandType.EXPIRE_DUE)
        {
            return null;
        }
        if (!isCode(op.requestId(), 64))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        switch (op.type())
        {
            case UPSERT_ITEM:
                if (!isCode(op.sku(), 64))
                {
                    return ResultCode.INVALID_CODE;
                }
                return op.text() == null || op.text().isBlank() ? ResultCode.INVALID_NAME : null;
            case UPSERT_LOCATION:
                if (!isCode(op.location(), 64) || (op.to() != null && !op.to().isEmpty() && !isCode(op.to(), 64)))
                {
                    return ResultCode.INVALID_CODE;
                }
                return op.kind() == null ? ResultCode.INVALID_LOCATION_KIND : null;
            case RECEIVE:
                if (op.quantity() <= 0 || op.quantity() > MAX_QUANTITY)
                {
                    return ResultCode.INVALID_QUANTITY;
                }
                return codes(op.sku(), op.location());
            case TRANSFER_IN:
                if (op.quantity() <= 0 || op.quantity() > MAX_QUANTITY)
                {
                    return ResultCode.INVALID_QUANTITY;
                }
                return codes(op.sku(), op.to());
            case ADJUST:
                if (op.setMode() ? (op.expected() < 0 || op.quantity() < 0) : op.quantity() == 0)
                {
                    return ResultCode.INVALID_QUANTITY;
                }
                if (op.text() == null || op.text().isBlank())
                {
                    return ResultCode.INVALID_REASON;
                }
                return codes(op.sku(), op.location());
            case TRANSFER:
            case TRANSFER_OUT:
                if (op.quantity() <= 0)
                {
                    return ResultCode.INVALID_QUANTITY;
                }
                if (codes(op.sku(), op.location()) != null || codes(op.sku(), op.to()) != null)
                {
                    return ResultCode.INVALID_CODE;
                }
                return op.location().equals(op.to()) ? ResultCode.SAME_LOCATION : null;
            case SET_POLICY:
                if (op.safety() < 0 || op.reorder() < 0)
                {
                    return ResultCode.INVALID_THRESHOLDS;
                }
                return codes(op.sku(), op.location());
            case RESERVE:
                if (op.channel() == null || op.channel().isEmpty() || op.channel().length() > 16 ||
                    !isCode(op.channel(), 16))
                {
                    return ResultCode.INVALID_CHANNEL;
                }
                if (op.lines().isEmpty())
                {
                    return ResultCode.NO_LINES;
                }
                if (op.lines().size() > 8)
                {
                    return ResultCode.TOO_MANY_LINES;
                }
                if (op.ttlMs() <= 0)
                {
                    return ResultCode.INVALID_TTL;
                }
                for (int i = 0; i < op.lines().size(); i++)
                {
                    if (op.quantities().get(i) <= 0)
                    {
                        return ResultCode.INVALID_QUANTITY;
                    }
                    if (codes(op.lines().get(i)[0], op.lines().get(i)[1]) != null)
                    {
                        return ResultCode.INVALID_CODE;
                    }
                }
                return null;
            case CONFIRM:
            case RELEASE:
                return op.reservationId() <= 0 ? ResultCode.INVALID_RESERVATION_ID : null;
            default:
                return null;
        }
    }

    private static ResultCode codes(final String sku, final String location)
    {
        return isCode(sku, 64) && isCode(location, 64) ? null : ResultCode.INVALID_CODE;
    }

    private static boolean isCode(final String s, final int max)
    {
        return s != null && !s.isEmpty() && s.length() <= max && s.chars().allMatch(c -> c > ' ' && c <= '~');
    }

    /** The same text as {@link StateDigest#of} prints for the engine. */
    String digest()
    {
        final TreeMap<String, String> lines = new TreeMap<>();
        items.forEach((code, item) -> lines.put("item " + code, item.name() + "|" + item.category()));
        locations.forEach((code, loc) -> lines.put("location " + code, loc.name() + "|" + loc.kind() + "|" +
            (loc.parent() == null ? "" : loc.parent())));
        stock.forEach((key, s) ->
        {
            if (s.written)
            {
                lines.put("stock " + key, StateDigest.stock(s.onHand, s.reserved, s.inTransit, s.safety, s.reorder,
                    s.shipped));
            }
        });
        reservations.forEach((id, r) ->
        {
            final List<ReservationView.Line> rl = new ArrayList<>();
            r.lines.forEach((key, q) -> rl.add(new ReservationView.Line(key.substring(0, key.indexOf('@')),
                key.substring(key.indexOf('@') + 1), q)));
            lines.put(String.format("reservation %012d", id), StateDigest.reservation(r.channel, r.state, r.expiresAt,
                rl));
        });
        final StringBuilder sb = new StringBuilder();
        lines.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }
}
