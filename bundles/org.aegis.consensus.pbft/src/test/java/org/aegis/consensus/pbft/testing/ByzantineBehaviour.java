package org.aegis.consensus.pbft.testing;

/**
 * Whom a Byzantine replica lies to, about what; its {@link Equivocator} tells the lies with the replica's own key.
 * Before one of the replica's own pre-prepares, prepares, commits or checkpoints leaves for a peer, the equivocator
 * asks; on {@code true} that peer gets a conflicting message for the same slot instead, signed by the replica:
 * <ul>
 * <li>a pre-prepare with a different batch: the batch without its last request (a primary that equivocates; a
 *     pre-prepare of the null request has nothing to leave out and is sent as it is),</li>
 * <li>a prepare or a commit for another digest (a backup that votes for something else),</li>
 * <li>a checkpoint with another state digest.</li>
 * </ul>
 * The replica itself goes on as if it had sent the truth.
 */
@FunctionalInterface
public interface ByzantineBehaviour {
    /** The messages a replica may lie about. */
    enum Phase {
        PRE_PREPARE, PREPARE, COMMIT, CHECKPOINT
    }

    /**
     * Whether {@code peerId} gets a conflicting version of this replica's {@code phase} message for ({@code view},
     * {@code sequence}); checkpoints have view -1. Called once per message and peer, as the message is sent.
     */
    boolean equivocate(String peerId, Phase phase, long view, long sequence);
}
