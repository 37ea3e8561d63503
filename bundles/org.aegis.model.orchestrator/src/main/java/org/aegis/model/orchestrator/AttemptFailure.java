package org.aegis.model.orchestrator;

/** Why one attempt at one provider ended without an answer, as the router itself saw it. */
final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** No answer within the attempt's time. */
        TIMEOUT,
        /** The provider was unbound while the request was in flight. */
        GONE,
        /** No caller thread was free to make the call. */
        SATURATED
    }

    private final Kind kind;

    AttemptFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static AttemptFailure saturated() {
        return new AttemptFailure(Kind.SATURATED, "no caller thread free (" + RouterThreads.MAX_CALLER_THREADS
                + " busy)");
    }

    Kind kind() {
        return kind;
    }
}
