package org.aegis.api.federated;

import java.util.Objects;

/**
 * What became of one update in a round, so that callers can report who was outvoted or rejected.
 *
 * @param sender the update's sender
 * @param status accepted, outvoted by the strategy, or rejected before aggregation
 * @param weight the update's share of the aggregate, in [0, 1]; 0 unless accepted
 * @param reason why it was outvoted or rejected, naming the sender; empty when accepted
 */
public record UpdateOutcome(String sender, Status status, double weight, String reason) {
    /** The possible fates of an update. */
    public enum Status {
        /** Contributed to the aggregate with {@link UpdateOutcome#weight()}. */
        ACCEPTED,
        /** Valid, but left out by the robust strategy (e.g. not among Krum's selection). */
        OUTVOTED,
        /** Invalid (wrong shape, non-finite, too large); never reached the strategy. */
        REJECTED
    }

    public UpdateOutcome {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight of " + sender + " must be in [0, 1], was " + weight);
        }
        if (status != Status.ACCEPTED && weight != 0) {
            throw new IllegalArgumentException(sender + " is " + status + " but has weight " + weight);
        }
        if (status != Status.ACCEPTED && reason.isBlank()) {
            throw new IllegalArgumentException(sender + " is " + status + " without a reason");
        }
    }

    public static UpdateOutcome accepted(String sender, double weight) {
        return new UpdateOutcome(sender, Status.ACCEPTED, weight, "");
    }

    public static UpdateOutcome outvoted(String sender, String reason) {
        return new UpdateOutcome(sender, Status.OUTVOTED, 0, reason);
    }

    public static UpdateOutcome rejected(String sender, String reason) {
        return new UpdateOutcome(sender, Status.REJECTED, 0, reason);
    }
}
