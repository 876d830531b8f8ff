package io.stockring.server;

import io.stockring.core.ledger.ReservationView;
import io.stockring.core.ledger.StockLevel;
import io.stockring.proto.v1.AlertLevel;
import io.stockring.proto.v1.LocationKind;
import io.stockring.proto.v1.Reservation;
import io.stockring.proto.v1.ReservationState;
import io.stockring.proto.v1.ReserveLine;

/** Conversions between the engine's types and the wire's (stockring.v1). gRPC threads only. */
final class ProtoMapping
{
    private ProtoMapping()
    {
    }

    static Reservation reservation(final ReservationView r)
    {
        final Reservation.Builder b = Reservation.newBuilder()
            .setReservationId(Long.toString(r.id()))
            .setChannel(r.channel())
            .setState(state(r.state()))
            .setCreatedAtMs(r.createdAtMs())
            .setExpiresAtMs(r.expiresAtMs())
            .setFinishedAtMs(r.finishedAtMs());
        for (final ReservationView.Line line : r.lines())
        {
            b.addLines(ReserveLine.newBuilder().setSku(line.sku()).setLocation(line.location())
                .setQuantity(line.quantity()));
        }
        return b.build();
    }

    static io.stockring.proto.v1.StockLevel stockLevel(final StockLevel l)
    {
        return io.stockring.proto.v1.StockLevel.newBuilder()
            .setSku(l.sku())
            .setLocation(l.location())
            .setOnHand(l.onHand())
            .setReserved(l.reserved())
            .setAvailable(l.available())
            .setInTransit(l.inTransit())
            .setAlertLevel(alertLevel(l.alertLevel()))
            .setSafetyStock(l.safetyStock())
            .setReorderPoint(l.reorderPoint())
            .build();
    }

    /** The level of an entry that has never held stock. */
    static io.stockring.proto.v1.StockLevel emptyLevel(final String sku, final String location)
    {
        return io.stockring.proto.v1.StockLevel.newBuilder().setSku(sku).setLocation(location)
            .setAlertLevel(AlertLevel.ALERT_LEVEL_GREEN).build();
    }

    static ReservationState state(final io.stockring.core.command.ReservationState s)
    {
        switch (s)
        {
            case HELD:
                return ReservationState.RESERVATION_STATE_HELD;
            case CONFIRMED:
                return ReservationState.RESERVATION_STATE_CONFIRMED;
            case RELEASED:
                return ReservationState.RESERVATION_STATE_RELEASED;
            case EXPIRED:
                return ReservationState.RESERVATION_STATE_EXPIRED;
            default:
                return ReservationState.RESERVATION_STATE_UNSPECIFIED;
        }
    }

    static AlertLevel alertLevel(final io.stockring.core.command.AlertLevel level)
    {
        switch (level)
        {
            case GREEN:
                return AlertLevel.ALERT_LEVEL_GREEN;
            case YELLOW:
                return AlertLevel.ALERT_LEVEL_YELLOW;
            case ORANGE:
                return AlertLevel.ALERT_LEVEL_ORANGE;
            case RED:
                return AlertLevel.ALERT_LEVEL_RED;
            default:
                return AlertLevel.ALERT_LEVEL_UNSPECIFIED;
        }
    }

    /** @return the engine's kind, or null for UNSPECIFIED and values this server does not know */
    static io.stockring.core.command.LocationKind locationKind(final LocationKind kind)
    {
        switch (kind)
        {
            case LOCATION_KIND_CENTRAL_WAREHOUSE:
                return io.stockring.core.command.LocationKind.CENTRAL_WAREHOUSE;
            case LOCATION_KIND_REGIONAL_WAREHOUSE:
                return io.stockring.core.command.LocationKind.REGIONAL_WAREHOUSE;
            case LOCATION_KIND_STORE:
                return io.stockring.core.command.LocationKind.STORE;
            case LOCATION_KIND_ONLINE_POOL:
                return io.stockring.core.command.LocationKind.ONLINE_POOL;
            default:
                return null;
        }
    }

    static LocationKind locationKind(final io.stockring.core.command.LocationKind kind)
    {
        switch (kind)
        {
            case CENTRAL_WAREHOUSE:
                return LocationKind.LOCATION_KIND_CENTRAL_WAREHOUSE;
            case REGIONAL_WAREHOUSE:
                return LocationKind.LOCATION_KIND_REGIONAL_WAREHOUSE;
            case STORE:
                return LocationKind.LOCATION_KIND_STORE;
            case ONLINE_POOL:
                return LocationKind.LOCATION_KIND_ONLINE_POOL;
            default:
                return LocationKind.LOCATION_KIND_UNSPECIFIED;
        }
    }
}
