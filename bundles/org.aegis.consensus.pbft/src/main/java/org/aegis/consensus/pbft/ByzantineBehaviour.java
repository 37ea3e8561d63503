package org.aegis.consensus.pbft;

/**
 * Test support for simulations: makes a replica lie with its own key, which nothing outside the replica can do
 * without the wire codec. Before this replica sends one of its own pre-prepares, prepares, commits or checkpoints to a
 * peer, it asks; on {@code true} it signs and sends that peer a conflicting message for the same slot instead:
 * <ul>
 * <li>a pre-prepare with a different batch: the batch without its last request (a primary that equivocates; a
 *     pre-prepare of the null request has nothing to leave out and is sent as it is),</li>
 * <li>a prepare or a commit for another digest (a backup that votes for something else),</li>
 * <li>a checkpoint with another state digest.</li>
 * </ul>
 * The replica itself goes on as if it had sent the truth. Production replicas have none.
 */
@FunctionalInterface
public interface ByzantineBehaviour {
    /** The messages a replica may lie about. */
    enum Phase {
        PRE_PREPARE, PREPARE, COMMIT, CHECKPOINT
    }

    /**
     * Whether {@code peerId} gets a conflicting version of this replica's {@code phase} message for ({@code view},
     * {@code sequence}); checkpoints have view -1. Called on the replica's executor, once per message and peer.
     */
    boolean equivocate(String peerId, Phase phase, long view, long sequence);
}
