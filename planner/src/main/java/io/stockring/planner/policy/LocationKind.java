package io.stockring.planner.policy;

/** Where stock sits in the network; decides who may give stock to whom in {@link Rebalancer}. */
public enum LocationKind
{
    /** The central warehouse: holds the programme's reserve and feeds everyone else. */
    CENTRAL,
    /** A regional warehouse: parent of the stores in its region. */
    REGIONAL,
    /** An offline store. */
    STORE,
    /** The stock pool behind the app and mini-program. */
    ONLINE_POOL
}
