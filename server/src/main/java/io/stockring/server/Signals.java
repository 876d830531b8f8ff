package io.stockring.server;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIGTERM and SIGINT ask for an orderly stop, after which the process exits 0. With only a
 * shutdown hook the JVM would exit with 143, which service managers read as a failure.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the only way to do that in Java 17. It is
 * reached reflectively because javac's warning for a proprietary API cannot be suppressed, and
 * the build compiles with {@code -Werror}.
 */
final class Signals
{
    private Signals()
    {
    }

    /** Runs {@code stop} (once, on the signal thread: keep it short) on SIGTERM or SIGINT. */
    static void onTerminate(final Runnable stop)
    {
        final AtomicBoolean fired = new AtomicBoolean();
        try
        {
            final Class<?> signalClass = Class.forName("sun.misc.Signal");
            final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            final Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                (proxy, method, args) ->
                {
                    if (method.getName().equals("handle") && fired.compareAndSet(false, true))
                    {
                        stop.run();
                    }
                    return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method.getName(), args) : null;
                });
            for (final String name : new String[] {"TERM", "INT"})
            {
                final Object signal = signalClass.getConstructor(String.class).newInstance(name);
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            }
        }
        catch (final ReflectiveOperationException | RuntimeException e)
        {
            throw new IllegalStateException("cannot install the SIGTERM/SIGINT handler: " + e, e);
        }
    }

    private static Object objectMethod(final Object proxy, final String name, final Object[] args)
    {
        return switch (name)
        {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "Signals.handler";
        };
    }
}
