package org.aegis.api.federated;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The result of aggregating one round.
 *
 * @param delta    the aggregated parameter delta; copied in and out
 * @param outcomes one outcome per update, in the order the updates were given
 */
public record Aggregate(float[] delta, List<UpdateOutcome> outcomes) {
    public Aggregate {
        delta = Objects.requireNonNull(delta, "delta").clone();
        outcomes = List.copyOf(outcomes);
    }

    /** A copy of the aggregated delta. */
    @Override
    public float[] delta() {
        return delta.clone();
    }

    /** The senders whose updates did not count, with their outcomes. */
    public List<UpdateOutcome> excluded() {
        return outcomes.stream().filter(o -> o.status() != UpdateOutcome.Status.ACCEPTED).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Aggregate that && Arrays.equals(delta, that.delta) && outcomes.equals(that.outcomes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(delta) * 31 + outcomes.hashCode();
    }

    @Override
    public String toString() {
        return "Aggregate[dimension=" + delta.length + ", outcomes=" + outcomes + "]";
    }
}
