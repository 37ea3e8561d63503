package org.aegis.model.orchestrator;

import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;

/** How the end of an attempt counts for its provider's counters and circuit breaker. */
final class Outcomes {
    private Outcomes() {
    }

    /** The provider refused the request as malformed: the client's fault, passed on, no failover. */
    static boolean isClientError(Throwable cause) {
        return cause instanceof ModelException e && e.reason() == Reason.BAD_REQUEST;
    }

    static boolean isGone(Throwable cause) {
        return cause instanceof AttemptFailure f && f.kind() == AttemptFailure.Kind.GONE;
    }

    static boolean isTimeout(Throwable cause) {
        return cause instanceof AttemptFailure f && f.kind() == AttemptFailure.Kind.TIMEOUT;
    }

    static ModelException refused(ProviderSlot slot, ModelException cause) {
        return new ModelException(Reason.BAD_REQUEST, "provider " + slot.id() + " refused the request: "
                + cause.getMessage(), cause);
    }

    /** Ended without telling anything about the provider: cancelled, removed, or the client's fault. */
    static void neutral(ProviderSlot slot) {
        slot.stats().abandoned();
        slot.breaker().onNeutral();
    }

    static void failed(ProviderSlot slot, String message) {
        slot.stats().failed(message);
        slot.breaker().onFailure();
    }
}
