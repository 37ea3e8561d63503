package org.aegis.itests.simulation;

/** How a Byzantine validator misbehaves in a simulation; at most f of them, each for the whole run. */
public enum Role {
    /**
     * As primary, gives part of the replicas a different batch for the same sequence number, signed with its own key
     * (the PBFT tests' {@code Equivocator}, on the wire). Placed first in the validator list: primary of view 0.
     */
    EQUIVOCATING_PRIMARY,
    /** Sends part of its peers prepares, commits and checkpoints for other digests, correctly signed. */
    CONFLICTING_VOTES,
    /** Replaces or doubles some of its frames with forgeries: a flipped bit, or another validator named as sender. */
    FORGER,
    /** Sends old frames again, its own and those it received from others, to any peer. */
    REPLAYER,
    /** Sends nothing at all, though it receives and processes everything. */
    SILENT,
    /** Sends every frame several times, with junk frames between them. */
    FLOODER
}
