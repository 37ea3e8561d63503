package org.aegis.api.consensus;

import java.time.Duration;
import java.util.Objects;

/**
 * A proposal refused because the engine holds as many proposals as it is allowed to and the network has not decided
 * them yet: nothing was submitted, and the same proposal may be sent again after {@link #retryAfter()}. REST answers
 * 503 with a {@code Retry-After} header; a proposer of its own (a plugin) waits and retries, rather than queueing.
 */
public class ConsensusBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    public ConsensusBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long the proposer should wait before sending the proposal again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
