package io.stockring.server;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT ask for an orderly stop, after which the process exits 0. With only a
 * shutdown hook the JVM would exit with 143, which service managers read as a failure.
 */
final class Signals
{
    private Signals()
    {
    }

    /** Runs {@code stop} (once, on the signal thread: keep it short) on SIGTERM or SIGINT. */
    static void onTerminate(final Runnable stop)
    {
        final java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        final sun.misc.SignalHandler handler = signal ->
        {
            if (fired.compareAndSet(false, true))
            {
                stop.run();
            }
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }
}
