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
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * gRPC server instrumentation under the names and tags of Micrometer's gRPC convention
 * ({@code grpc.server.processing.duration} by status code, {@code grpc.server.requests.received},
 * {@code grpc.server.responses.sent}), plus what that convention lacks: calls in flight and
 * streams started, by method type.
 *
 * <p>Written here rather than using micrometer-core's {@code MetricCollectingServerInterceptor}
 * because a unary answer is sent from the engine's single writer thread, and that interceptor
 * builds and looks up a timer in the registry at every close: on the writer, per call. Here
 * each method's meters are created once, and a call costs one map read, two counter increments,
 * one timer record and one wrapper object.
 */
public final class GrpcServerMetrics
{
    private static final Duration[] BUCKETS = {Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Map<MethodDescriptor<?, ?>, MethodMeters> methods = new ConcurrentHashMap<>();
    private final Map<MethodDescriptor.MethodType, AtomicInteger> inFlight =
        new EnumMap<>(MethodDescriptor.MethodType.class);
    private final Map<MethodDescriptor.MethodType, Counter> started = new EnumMap<>(MethodDescriptor.MethodType.class);
    private final ServerInterceptor interceptor = new Interceptor();

    GrpcServerMetrics(final MeterRegistry registry)
    {
        this.registry = registry;
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

    /** For {@code ServerBuilder.intercept}. */
    public List<ServerInterceptor> interceptors()
    {
        return List.of(interceptor);
    }

    private MethodMeters meters(final MethodDescriptor<?, ?> method)
    {
        final MethodMeters m = methods.get(method);
        return m != null ? m : methods.computeIfAbsent(method, d -> new MethodMeters(registry, d,
            inFlight.get(d.getType()), started.get(d.getType())));
    }

    /** The meters of one method; timers per status code are created on first use. */
    private static final class MethodMeters
    {
        final MeterRegistry registry;
        final String service;
        final String method;
        final String type;
        final Counter received;
        final Counter sent;
        final AtomicInteger inFlight;
        final Counter started;
        final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(Status.Code.values().length);

        MethodMeters(final MeterRegistry registry, final MethodDescriptor<?, ?> d, final AtomicInteger inFlight,
            final Counter started)
        {
            this.registry = registry;
            this.service = d.getServiceName();
            this.method = d.getBareMethodName();
            this.type = d.getType().name();
            this.inFlight = inFlight;
            this.started = started;
            received = Counter.builder("grpc.server.requests.received").baseUnit("messages")
                .description("The total number of requests received")
                .tags("service", service, "method", method, "methodType", type).register(registry);
            sent = Counter.builder("grpc.server.responses.sent").baseUnit("messages")
                .description("The total number of responses sent")
                .tags("service", service, "method", method, "methodType", type).register(registry);
        }

        Timer timer(final Status.Code code)
        {
            final Timer t = byStatus.get(code.ordinal());
            if (t != null)
            {
                return t;
            }
            final Timer created = Timer.builder("grpc.server.processing.duration")
                .description("The total time taken for the server to complete the call")
                .tags("service", service, "method", method, "methodType", type, "statusCode", code.name())
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
            byStatus.compareAndSet(code.ordinal(), null, created);
            return byStatus.get(code.ordinal());
        }
    }

    private final class Interceptor implements ServerInterceptor
    {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(final ServerCall<Q, A> call, final Metadata headers,
            final ServerCallHandler<Q, A> next)
        {
            final MeteredCall<Q, A> metered = new MeteredCall<>(call, meters(call.getMethodDescriptor()));
            final ServerCall.Listener<Q> listener;
            try
            {
                listener = next.startCall(metered, headers);
            }
            catch (final RuntimeException e)
            {
                metered.end(Status.Code.UNKNOWN);
                throw e;
            }
            return metered.listener(listener);
        }
    }

    /** One call: counts messages both ways and ends exactly once, at close or cancel. */
    private static final class MeteredCall<Q, A> extends ForwardingServerCall.SimpleForwardingServerCall<Q, A>
    {
        @SuppressWarnings("rawtypes") // a field updater names the class, which has no type arguments
        private static final AtomicIntegerFieldUpdater<MeteredCall> ENDED =
            AtomicIntegerFieldUpdater.newUpdater(MeteredCall.class, "ended");

        private final MethodMeters meters;
        private final long startNs = System.nanoTime();
        private volatile int ended;

        MeteredCall(final ServerCall<Q, A> call, final MethodMeters meters)
        {
            super(call);
            this.meters = meters;
            meters.started.increment();
            meters.inFlight.incrementAndGet();
        }

        void end(final Status.Code code)
        {
            if (ENDED.compareAndSet(this, 0, 1))
            {
                meters.inFlight.decrementAndGet();
                meters.timer(code).record(System.nanoTime() - startNs, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void sendMessage(final A message)
        {
            meters.sent.increment();
            super.sendMessage(message);
        }

        @Override
        public void close(final Status status, final Metadata trailers)
        {
            end(status.getCode());
            super.close(status, trailers);
        }

        ServerCall.Listener<Q> listener(final ServerCall.Listener<Q> delegate)
        {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate)
            {
                @Override
                public void onMessage(final Q message)
                {
                    meters.received.increment();
                    super.onMessage(message);
                }

                @Override
                public void onCancel()
                {
                    end(Status.Code.CANCELLED);
                    super.onCancel();
                }
            };
        }
    }
}
