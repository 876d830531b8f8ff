package io.stockring.bench.load;

/** What one operation of a phase does; {@link #issue} must not block (it runs on gRPC threads). */
interface Workload
{
    /** How an operation ends: {@code error} is null on success, else a short reason (a status or result code). */
    interface Done
    {
        void done(String error);
    }

    void issue(long seq, Done done);
}
