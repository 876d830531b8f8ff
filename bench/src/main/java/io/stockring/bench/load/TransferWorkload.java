package io.stockring.bench.load;

import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.stockring.proto.v1.StockAdminGrpc;
import io.stockring.proto.v1.TransferRequest;
import io.stockring.proto.v1.TransferResponse;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Restocking under load: an immediate StockAdmin Transfer of the cart's SKU from the warehouse to a store. */
final class TransferWorkload implements Workload
{
    private final StockAdminGrpc.StockAdminStub[] admin;
    private final Carts carts;
    private final Books books;
    private final String[] skuCodes;
    private final String idPrefix;
    private final AtomicLong ids;
    private final long deadlineMs;

    TransferWorkload(final Channel[] channels, final Carts carts, final Books books, final String[] skuCodes,
        final String idPrefix, final AtomicLong ids, final long deadlineMs)
    {
        this.admin = new StockAdminGrpc.StockAdminStub[channels.length];
        for (int i = 0; i < channels.length; i++)
        {
            admin[i] = StockAdminGrpc.newStub(channels[i]);
        }
        this.carts = carts;
        this.books = books;
        this.skuCodes = skuCodes;
        this.idPrefix = idPrefix;
        this.ids = ids;
        this.deadlineMs = deadlineMs;
    }

    @Override
    public void issue(final long seq, final Done done)
    {
        final Carts.Cart cart = carts.cart(seq);
        final TransferRequest request = TransferRequest.newBuilder().setRequestId(idPrefix + ids.incrementAndGet())
            .setSku(skuCodes[cart.skus()[0]]).setFromLocation(StockSetup.LOCATION).setToLocation(StockSetup.STORE)
            .setQuantity(cart.quantities()[0]).setMode(TransferRequest.Mode.MODE_IMMEDIATE).build();
        final StockAdminGrpc.StockAdminStub stub = admin[(int)(seq % admin.length)];
        stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).transfer(request, new StreamObserver<>()
        {
            @Override
            public void onNext(final TransferResponse value)
            {
            }

            @Override
            public void onError(final Throwable t)
            {
                if (!ReserveWorkload.definitive(t))
                {
                    books.moveUnknown(cart);
                }
                done.done("transfer " + ReserveWorkload.reason(t));
            }

            @Override
            public void onCompleted()
            {
                books.moved(cart);
                done.done(null);
            }
        });
    }
}
