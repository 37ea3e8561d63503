package org.aegis.itests.simulation;

/** The network and crash faults of a scenario before the network stabilises (GST); all of them stop at GST. */
public enum Faults {
    /** Reliable links with latency and jitter. */
    NONE,
    /** Links that drop, duplicate and reorder PBFT stream messages. */
    LOSSY_LINKS,
    /** Validators crash and restart from their store, at most f down at a time. */
    CRASH_RESTART,
    /** The network splits into two groups and heals, several times. */
    PARTITIONS,
    /** All of the above at once. */
    CHAOS
}
