package io.stockring.core.journal;

/** How the journal makes a command durable before it is acknowledged. */
public enum Durability
{
    /** fsync once per ring batch (group commit); a command is acknowledged only after it. */
    SYNC,
    /** Page cache only: survives a process death, not a machine death. Benchmarks and dev. */
    ASYNC
}
