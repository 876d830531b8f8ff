package io.stockring.server.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gRPC server instrumentation in Micrometer's gRPC convention: micrometer-core's
 * {@link MetricCollectingServerInterceptor} counts requests and responses per method and times
 * each call by status code ({@code grpc.server.processing.duration}, here with fixed histogram
 * buckets for SLO queries), and {@link #activeCalls} adds what it lacks: calls in flight and
 * streams started, by method type. Both run on gRPC threads only.
 */
public final class GrpcServerMetrics
{
    private static final Duration[] BUCKETS = {Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final MetricCollectingServerInterceptor collecting;
    private final ServerInterceptor active;

    GrpcServerMetrics(final MeterRegistry registry)
    {
        this.collecting = new MetricCollectingServerInterceptor(registry, counter -> counter,
            timer -> timer.serviceLevelObjectives(BUCKETS), Status.Code.OK);
        this.active = new ActiveCalls(registry);
    }

    /** In the order to pass to {@code ServerBuilder.intercept} (the last one added runs first). */
    public List<ServerInterceptor> interceptors()
    {
        return List.of(collecting, active);
    }

    /** Counts calls in flight and streams started by method type; decrements exactly once per call. */
    private static final class ActiveCalls implements ServerInterceptor
    {
        private final Map<MethodDescriptor.MethodType, AtomicInteger> inFlight =
            new EnumMap<>(MethodDescriptor.MethodType.class);
        private final Map<MethodDescriptor.MethodType, Counter> started =
            new EnumMap<>(MethodDescriptor.MethodType.class);

        ActiveCalls(final MeterRegistry registry)
        {
            for (final MethodDescriptor.MethodType type : MethodDescriptor.MethodType.values())
            {
                final AtomicInteger n = new AtomicInteger();
                inFlight.put(type, n);
                Gauge.builder("grpc.server.calls.active", n, AtomicInteger::get)
                    .tag("methodType", type.name())
                    .description("Calls in flight (streams: open streams)")
                    .register(registry);
                started.put(type, Counter.builder("grpc.server.calls.started")
                    .tag("methodType", type.name())
                    .description("Calls started (for streaming types: streams opened)")
                    .register(registry));
            }
        }

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(final ServerCall<Q, A> call, final Metadata headers,
            final ServerCallHandler<Q, A> next)
        {
            final MethodDescriptor.MethodType type = call.getMethodDescriptor().getType();
            final AtomicInteger n = inFlight.get(type);
            final AtomicBoolean done = new AtomicBoolean();
            final Runnable end = () ->
            {
                if (done.compareAndSet(false, true))
                {
                    n.decrementAndGet();
                }
            };
            started.get(type).increment();
            n.incrementAndGet();
            final ServerCall<Q, A> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call)
            {
                @Override
                public void close(final Status status, final Metadata trailers)
                {
                    end.run();
                    super.close(status, trailers);
                }
            };
            final ServerCall.Listener<Q> listener;
            try
            {
                listener = next.startCall(counted, headers);
            }
            catch (final RuntimeException e)
            {
                end.run();
                throw e;
            }
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener)
            {
                @Override
                public void onCancel()
                {
                    end.run();
                    super.onCancel();
                }

                @Override
                public void onComplete()
                {
                    end.run();
                    super.onComplete();
                }
            };
        }
    }
}
