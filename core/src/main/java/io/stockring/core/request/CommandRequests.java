package io.stockring.core.request;

import io.stockring.core.command.ChannelCodes;
import io.stockring.core.command.Command;
import io.stockring.core.command.CommandType;
import io.stockring.core.command.ContentHash;
import io.stockring.core.command.Limits;
import io.stockring.core.command.LocationKind;
import io.stockring.core.command.ResultCode;
import io.stockring.core.ledger.Catalog;

/**
 * The edge: turns a request as a client sends it (codes, quantities) into a command slot ready
 * to publish, or into the validation code that says what is wrong with it. Runs on the
 * producer's thread (a gRPC thread, a test, a benchmark), never on the writer.
 *
 * <p>A request that fails here changes nothing and is not journaled. Codes are resolved to ids
 * through the catalog; an unknown code becomes {@link Command#UNKNOWN_ID} and is answered
 * by the writer with a remembered NOT_FOUND, so a retry of it gets the same answer.
 */
public final class CommandRequests
{
    private final Catalog catalog;
    private final long maxTtlMs;

    public CommandRequests(final Catalog catalog)
    {
        this(catalog, Limits.MAX_TTL_MS);
    }

    /**
     * @param maxTtlMs the longest hold a Reserve may ask for; an engine passes its request
     * retention when that is shorter than {@link #Limits.MAX_TTL_MS}, since a Reserve's outcome forgotten
     * while its reservation may still be held would let a late retry of it be applied twice
     */
    public CommandRequests(final Catalog catalog, final long maxTtlMs)
    {
        this.catalog = catalog;
        this.maxTtlMs = Math.min(maxTtlMs, Limits.MAX_TTL_MS);
    }

    public ResultCode upsertItem(final Command s, final String requestId, final String code, final String name,
        final String category)
    {
        if (!isAscii(requestId, Limits.MAX_REQUEST_ID_LENGTH))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        if (!isAscii(code, Limits.MAX_CODE_LENGTH))
        {
            return ResultCode.INVALID_CODE;
        }
        if (name == null || name.isBlank() || name.length() > Limits.MAX_NAME_LENGTH ||
            (category != null && category.length() > Limits.MAX_CODE_LENGTH))
        {
            return ResultCode.INVALID_NAME;
        }
        s.clear();
        s.type = CommandType.UPSERT_ITEM;
        s.requestId(requestId);
        s.code = code;
        s.name = name;
        s.category = category == null ? "" : category;
        s.contentHash = new ContentHash(s.type).add(code).add(name).add(s.category).value();
        return ResultCode.OK;
    }

    public ResultCode upsertLocation(final Command s, final String requestId, final String code, final String name,
        final LocationKind kind, final String parentCode)
    {
        if (!isAscii(requestId, Limits.MAX_REQUEST_ID_LENGTH))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        if (!isAscii(code, Limits.MAX_CODE_LENGTH) ||
            (parentCode != null && !parentCode.isEmpty() && !isAscii(parentCode, Limits.MAX_CODE_LENGTH)))
        {
            return ResultCode.INVALID_CODE;
        }
        if (name != null && name.length() > Limits.MAX_NAME_LENGTH)
        {
            return ResultCode.INVALID_NAME;
        }
        if (kind == null)
        {
            return ResultCode.INVALID_LOCATION_KIND;
        }
        s.clear();
        s.type = CommandType.UPSERT_LOCATION;
        s.requestId(requestId);
        s.code = code;
        s.name = name == null ? "" : name;
        s.locationKind = kind.code();
        s.parentLocationId = catalog.locationId(parentCode);
        s.contentHash = new ContentHash(s.type).add(code).add(s.name).add(kind.code()).add(parentCode).value();
        return ResultCode.OK;
    }

    public ResultCode receive(final Command s, final String requestId, final String sku, final String location,
        final long quantity)
    {
        return stockCommand(s, CommandType.RECEIVE, requestId, sku, location, quantity);
    }

    /** Changes on-hand stock by {@code delta} (stocktake gain or loss, damage), with a reason. */
    public ResultCode adjustBy(final Command s, final String requestId, final String sku, final String location,
        final long delta, final String reason)
    {
        if (!isAscii(requestId, Limits.MAX_REQUEST_ID_LENGTH))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        if (delta == 0 || Math.abs(delta) > Limits.MAX_QUANTITY)
        {
            return ResultCode.INVALID_QUANTITY;
        }
        if (!isReason(reason))
        {
            return ResultCode.INVALID_REASON;
        }
        s.clear();
        s.type = CommandType.ADJUST;
        s.requestId(requestId);
        s.skuId = catalog.itemId(sku);
        s.locationId = catalog.locationId(location);
        s.adjustMode = Command.ADJUST_DELTA;
        s.quantity = delta;
        s.reason = reason;
        s.contentHash = new ContentHash(s.type).add(sku).add(location).add(0).add(delta).add(reason).value();
        return checkCodes(sku, location);
    }

    /** Sets on-hand stock to {@code newOnHand} if it is still {@code expectedOnHand} (a stocktake count). */
    public ResultCode adjustTo(final Command s, final String requestId, final String sku, final String location,
        final long expectedOnHand, final long newOnHand, final String reason)
    {
        if (!isAscii(requestId, Limits.MAX_REQUEST_ID_LENGTH))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        if (expectedOnHand < 0 || newOnHand < 0 || newOnHand > Limits.MAX_QUANTITY)
        {
            return ResultCode.INVALID_QUANTITY;
        }
        if (!isReason(reason))
        {
            return ResultCode.INVALID_REASON;
        }
        s.clear();
        s.type = CommandType.ADJUST;
        s.requestId(requestId);
        s.skuId = catalog.itemId(sku);
        s.locationId = catalog.locationId(location);
        s.adjustMode = Command.ADJUST_SET;
        s.quantity = newOnHand;
        s.expectedOnHand = expectedOnHand;
        s.reason = reason;
        s.contentHash = new ContentHash(s.type).add(sku).add(location).add(1).add(newOnHand).add(expectedOnHand)
            .add(reason).value();
        return checkCodes(sku, location);
    }

    /**
     * Holds stock for an order: all lines or none. Lines on the same (sku, location) are summed
     * before the availability check.
     */
    public ResultCode reserve(final Command s, final String requestId, final String channel, final String[] skus,
        final String[] locations, final long[] quantities, final int lineCount, final long ttlMs)
    {
        if (!isAscii(requestId, Limits.MAX_REQUEST_ID_LENGTH))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        if (!ChannelCodes.isValid(channel))
        {
            return ResultCode.INVALID_CHANNEL;
        }
        if (lineCount <= 0)
        {
            return ResultCode.NO_LINES;
        }
        if (lineCount > Limits.MAX_LINES)
        {
            return ResultCode.TOO_MANY_LINES;
        }
        if (ttlMs <= 0 || ttlMs > maxTtlMs)
        {
            return ResultCode.INVALID_TTL;
        }
        for (int i = 0; i < lineCount; i++)
        {
            if (!isQuantity(quantities[i]))
            {
                return ResultCode.INVALID_QUANTITY;
            }
            if (!isAscii(skus[i], Limits.MAX_CODE_LENGTH) || !isAscii(locations[i], Limits.MAX_CODE_LENGTH))
            {
                return ResultCode.INVALID_CODE;
            }
        }
        s.clear();
        s.type = CommandType.RESERVE;
        s.requestId(requestId);
        s.channel(channel);
        s.ttlMs = ttlMs;
        s.lineCount = lineCount;
        final ContentHash hash = new ContentHash(s.type).add(channel).add(ttlMs).add(lineCount);
        for (int i = 0; i < lineCount; i++)
        {
            s.lineSkuIds[i] = catalog.itemId(skus[i]);
            s.lineLocationIds[i] = catalog.locationId(locations[i]);
            s.lineQuantities[i] = quantities[i];
            hash.add(skus[i]).add(locations[i]).add(quantities[i]);
        }
        s.contentHash = hash.value();
        return ResultCode.OK;
    }

    public ResultCode confirm(final Command s, final String requestId, final long reservationId)
    {
        return reservationCommand(s, CommandType.CONFIRM, requestId, reservationId);
    }

    public ResultCode release(final Command s, final String requestId, final long reservationId)
    {
        return reservationCommand(s, CommandType.RELEASE, requestId, reservationId);
    }

    /**
     * Moves stock between locations: at once ({@link CommandType#TRANSFER}) or into the
     * destination's in-transit stock ({@link CommandType#TRANSFER_OUT}), landed later by
     * {@link #transferIn}.
     */
    public ResultCode transfer(final Command s, final CommandType type, final String requestId, final String sku,
        final String from, final String to, final long quantity)
    {
        if (type != CommandType.TRANSFER && type != CommandType.TRANSFER_OUT)
        {
            throw new IllegalArgumentException("not a transfer: " + type);
        }
        if (!isAscii(requestId, Limits.MAX_REQUEST_ID_LENGTH))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        if (!isQuantity(quantity))
        {
            return ResultCode.INVALID_QUANTITY;
        }
        if (!isAscii(sku, Limits.MAX_CODE_LENGTH) || !isAscii(from, Limits.MAX_CODE_LENGTH) ||
            !isAscii(to, Limits.MAX_CODE_LENGTH))
        {
            return ResultCode.INVALID_CODE;
        }
        if (from.equals(to))
        {
            return ResultCode.SAME_LOCATION;
        }
        s.clear();
        s.type = type;
        s.requestId(requestId);
        s.skuId = catalog.itemId(sku);
        s.locationId = catalog.locationId(from);
        s.toLocationId = catalog.locationId(to);
        s.quantity = quantity;
        s.contentHash = new ContentHash(type).add(sku).add(from).add(to).add(quantity).value();
        return ResultCode.OK;
    }

    /** Lands stock that a TransferOut sent to {@code to}. */
    public ResultCode transferIn(final Command s, final String requestId, final String sku, final String to,
        final long quantity)
    {
        final ResultCode rc = stockCommand(s, CommandType.TRANSFER_IN, requestId, sku, to, quantity);
        s.toLocationId = s.locationId;
        s.locationId = Command.NO_ID;
        return rc;
    }

    /** Thresholds from the planner; alert levels follow them from the next change on. */
    public ResultCode setPolicy(final Command s, final String requestId, final String sku, final String location,
        final long safetyStock, final long reorderPoint)
    {
        if (!isAscii(requestId, Limits.MAX_REQUEST_ID_LENGTH))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        if (safetyStock < 0 || reorderPoint < 0 || safetyStock > Limits.MAX_QUANTITY ||
            reorderPoint > Limits.MAX_QUANTITY)
        {
            return ResultCode.INVALID_THRESHOLDS;
        }
        if (!isAscii(sku, Limits.MAX_CODE_LENGTH) || !isAscii(location, Limits.MAX_CODE_LENGTH))
        {
            return ResultCode.INVALID_CODE;
        }
        s.clear();
        s.type = CommandType.SET_POLICY;
        s.requestId(requestId);
        s.skuId = catalog.itemId(sku);
        s.locationId = catalog.locationId(location);
        s.safetyStock = safetyStock;
        s.reorderPoint = reorderPoint;
        s.contentHash = new ContentHash(s.type).add(sku).add(location).add(safetyStock).add(reorderPoint).value();
        return ResultCode.OK;
    }

    /** The timer tick that expires due reservations (at most {@code maxCount}). */
    public static void expireDue(final Command s, final int maxCount)
    {
        s.clear();
        s.type = CommandType.EXPIRE_DUE;
        s.maxCount = maxCount;
    }

    public static void control(final Command s, final CommandType type)
    {
        if (type.isJournaled())
        {
            throw new IllegalArgumentException("not a control command: " + type);
        }
        s.clear();
        s.type = type;
    }

    private ResultCode stockCommand(final Command s, final CommandType type, final String requestId,
        final String sku, final String location, final long quantity)
    {
        if (!isAscii(requestId, Limits.MAX_REQUEST_ID_LENGTH))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        if (!isQuantity(quantity))
        {
            return ResultCode.INVALID_QUANTITY;
        }
        s.clear();
        s.type = type;
        s.requestId(requestId);
        s.skuId = catalog.itemId(sku);
        s.locationId = catalog.locationId(location);
        s.quantity = quantity;
        s.contentHash = new ContentHash(type).add(sku).add(location).add(quantity).value();
        return checkCodes(sku, location);
    }

    private static ResultCode reservationCommand(final Command s, final CommandType type, final String requestId,
        final long reservationId)
    {
        if (!isAscii(requestId, Limits.MAX_REQUEST_ID_LENGTH))
        {
            return ResultCode.INVALID_REQUEST_ID;
        }
        if (reservationId <= 0)
        {
            return ResultCode.INVALID_RESERVATION_ID;
        }
        s.clear();
        s.type = type;
        s.requestId(requestId);
        s.reservationId = reservationId;
        s.contentHash = new ContentHash(type).add(reservationId).value();
        return ResultCode.OK;
    }

    private static ResultCode checkCodes(final String sku, final String location)
    {
        return isAscii(sku, Limits.MAX_CODE_LENGTH) && isAscii(location, Limits.MAX_CODE_LENGTH) ?
            ResultCode.OK : ResultCode.INVALID_CODE;
    }

    private static boolean isQuantity(final long q)
    {
        return q > 0 && q <= Limits.MAX_QUANTITY;
    }

    private static boolean isReason(final String reason)
    {
        return reason != null && !reason.isBlank() && reason.length() <= Limits.MAX_REASON_LENGTH;
    }

    /** 1..max printable ASCII characters, no spaces: request ids and codes. */
    public static boolean isAscii(final String s, final int max)
    {
        if (s == null || s.isEmpty() || s.length() > max)
        {
            return false;
        }
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c <= ' ' || c > '~')
            {
                return false;
            }
        }
        return true;
    }
}
