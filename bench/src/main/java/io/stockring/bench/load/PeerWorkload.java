package io.stockring.bench.load;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Peer}'s reserve as a workload: blocking calls on a pool of {@code connections} threads
 * (one connection each), so a closed loop with that many in flight never queues in the pool.
 * Only the reserve of each cart is sent (the scenario's confirm/release is not).
 */
final class PeerWorkload implements Workload, AutoCloseable
{
    private final Peer peer;
    private final Carts carts;
    private final String[] skuCodes;
    private final ExecutorService pool;
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder unknown = new LongAdder();

    PeerWorkload(final Peer peer, final Carts carts, final String[] skuCodes, final int connections)
    {
        this.peer = peer;
        this.carts = carts;
        this.skuCodes = skuCodes;
        final AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(connections, r -> PhaseRunner.daemon(r,
            "peer-" + peer.name() + "-" + n.incrementAndGet()));
    }

    @Override
    public void issue(final long seq, final Done done)
    {
        pool.execute(() ->
        {
            final Carts.Cart cart = carts.cart(seq);
            final String[] skus = new String[cart.skus().length];
            long total = 0;
            for (int i = 0; i < skus.length; i++)
            {
                skus[i] = skuCodes[cart.skus()[i]];
                total += cart.quantities()[i];
            }
            try
            {
                if (peer.reserve(skus, cart.quantities()))
                {
                    acknowledged.add(total);
                    done.done(null);
                }
                else
                {
                    done.done("INSUFFICIENT_STOCK");
                }
            }
            catch (final Exception e)
            {
                unknown.add(total);
                done.done("ERROR " + e.getClass().getSimpleName());
            }
        });
    }

    String check() throws Exception
    {
        return peer.check(acknowledged.sum(), unknown.sum());
    }

    @Override
    public void close()
    {
        pool.shutdownNow();
    }
}
