package io.stockring.server;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

import java.io.InputStream;

/**
 * Answers a request that is not a valid protobuf message with INVALID_ARGUMENT naming the message
 * type. Without this, grpc-java reports a parse failure as UNKNOWN "Application error processing
 * RPC", which tells a caller nothing. Each method's request marshaller is wrapped so a parse
 * failure becomes a marker the call's listener turns into that status; nothing reaches the
 * service.
 */
final class MalformedRequestGuard
{
    /** What a request that failed to parse becomes, on its way to the listener. */
    private static final class Malformed
    {
        final String reason;

        Malformed(final String reason)
        {
            this.reason = reason;
        }
    }

    private MalformedRequestGuard()
    {
    }

    static ServerServiceDefinition guard(final ServerServiceDefinition service)
    {
        final ServiceDescriptor original = service.getServiceDescriptor();
        final ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
        final java.util.List<ServerMethodDefinition<Object, Object>> methods = new java.util.ArrayList<>();
        for (final ServerMethodDefinition<?, ?> method : service.getMethods())
        {
            @SuppressWarnings("unchecked")
            final ServerMethodDefinition<Object, Object> m = (ServerMethodDefinition<Object, Object>)method;
            final ServerMethodDefinition<Object, Object> guarded = guard(m);
            methods.add(guarded);
            descriptor.addMethod(guarded.getMethodDescriptor());
        }
        final ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(out::addMethod);
        return out.build();
    }

    private static ServerMethodDefinition<Object, Object> guard(final ServerMethodDefinition<Object, Object> method)
    {
        final MethodDescriptor<Object, Object> md = method.getMethodDescriptor();
        final MethodDescriptor.Marshaller<Object> requests = md.getRequestMarshaller();
        final String type = md.getFullMethodName();
        final MethodDescriptor<Object, Object> guardedMd = md.toBuilder()
            .setRequestMarshaller(new MethodDescriptor.Marshaller<>()
            {
                @Override
                public InputStream stream(final Object value)
                {
                    return requests.stream(value);
                }

                @Override
                public Object parse(final InputStream stream)
                {
                    try
                    {
                        return requests.parse(stream);
                    }
                    catch (final RuntimeException e)
                    {
                        final Throwable cause = e.getCause() == null ? e : e.getCause();
                        return new Malformed(cause.getMessage());
                    }
                }
            })
            .build();
        final ServerCallHandler<Object, Object> handler = method.getServerCallHandler();
        return ServerMethodDefinition.create(guardedMd, (call, headers) -> listen(call, headers, handler, type));
    }

    private static ServerCall.Listener<Object> listen(final ServerCall<Object, Object> call, final Metadata headers,
        final ServerCallHandler<Object, Object> handler, final String method)
    {
        final ServerCall.Listener<Object> delegate = handler.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate)
        {
            private boolean closed;

            @Override
            public void onMessage(final Object message)
            {
                if (closed)
                {
                    return;
                }
                if (message instanceof Malformed malformed)
                {
                    closed = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription("request to " + method +
                        " is not a valid protobuf message: " + malformed.reason), new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose()
            {
                if (!closed)
                {
                    super.onHalfClose();
                }
            }
        };
    }
}
