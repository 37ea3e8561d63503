package org.aegis.federated.trainer;

/**
 * A committed round lists an update whose bytes this node cannot get yet (no transport bound, its holders not
 * connected). Which updates count is the network's decision, not a local one: the round is applied once they
 * arrive, never without them, so that this node's version stays the network's.
 */
final class UpdatesUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UpdatesUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
