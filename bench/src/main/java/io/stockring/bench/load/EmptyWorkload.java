package io.stockring.bench.load;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.TimeUnit;

/**
 * The empty-handler baseline: the standard gRPC health {@code Check} of the server under test,
 * over the same connections, with the same deadline as the Reserve calls. Its handler does one map
 * lookup, so this is what gRPC, protobuf and the machine cost per call: the ceiling for Reserve.
 */
final class EmptyWorkload implements Workload
{
    private static final HealthCheckRequest REQUEST = HealthCheckRequest.getDefaultInstance();

    private final HealthGrpc.HealthStub[] health;
    private final long deadlineMs;

    /** Operation {@code seq} goes over connection {@code seq % channels.length}. */
    EmptyWorkload(final Channel[] channels, final long deadlineMs)
    {
        this.health = new HealthGrpc.HealthStub[channels.length];
        for (int i = 0; i < channels.length; i++)
        {
            health[i] = HealthGrpc.newStub(channels[i]);
        }
        this.deadlineMs = deadlineMs;
    }

    @Override
    public void issue(final long seq, final Done done)
    {
        health[(int)(seq % health.length)].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).check(REQUEST,
            new StreamObserver<>()
            {
                @Override
                public void onNext(final HealthCheckResponse value)
                {
                }

                @Override
                public void onError(final Throwable t)
                {
                    done.done(Status.fromThrowable(t).getCode().name());
                }

                @Override
                public void onCompleted()
                {
                    done.done(null);
                }
            });
    }
}
