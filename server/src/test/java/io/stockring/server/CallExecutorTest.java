package io.stockring.server;

import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthGrpc;
import io.stockring.proto.v1.InventoryGrpc;
import io.stockring.proto.v1.PlanningGrpc;
import io.stockring.proto.v1.SecurityGrpc;
import io.stockring.proto.v1.StockAdminGrpc;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which calls skip the executor hand-off: the channel-facing unary calls (they never wait), and
 * the health check (the empty-handler baseline). ReserveStream is handed off per batch, so that
 * the event loop reads on while a batch is validated and published. A call that can wait (the audit trail's fsync, the
 * writer, a long-lived watch, the planner) must not, or it would hold up every call on its
 * connection's event loop.
 */
class CallExecutorTest
{
    @Test
    void shouldRunOnlyTheNonBlockingChannelCallsOnTheEventLoop()
    {
        for (final MethodDescriptor<?, ?> m : InventoryGrpc.getServiceDescriptor().getMethods())
        {
            final String name = m.getFullMethodName();
            final boolean streaming = name.equals(InventoryGrpc.getWatchStockMethod().getFullMethodName()) ||
                name.equals(InventoryGrpc.getReserveStreamMethod().getFullMethodName());
            assertEquals(!streaming, StockringServer.runsOnEventLoop(name), name);
        }
        assertTrue(StockringServer.runsOnEventLoop(HealthGrpc.getCheckMethod().getFullMethodName()));
        assertFalse(StockringServer.runsOnEventLoop(HealthGrpc.getWatchMethod().getFullMethodName()));
        for (final ServiceDescriptor service : new ServiceDescriptor[]{StockAdminGrpc.getServiceDescriptor(),
            SecurityGrpc.getServiceDescriptor(), PlanningGrpc.getServiceDescriptor()})
        {
            for (final MethodDescriptor<?, ?> m : service.getMethods())
            {
                assertFalse(StockringServer.runsOnEventLoop(m.getFullMethodName()), m.getFullMethodName());
            }
        }
    }
}
