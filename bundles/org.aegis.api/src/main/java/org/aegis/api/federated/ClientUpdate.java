package org.aegis.api.federated;

import java.util.Arrays;
import java.util.Objects;

/**
 * One participant's contribution to a round.
 *
 * @param sender      the participant's peer id
 * @param sampleCount how many training samples the update was computed on, greater than zero
 * @param delta       the parameter delta against the round's base version; copied in and out
 */
public record ClientUpdate(String sender, long sampleCount, float[] delta) {
    public ClientUpdate {
        Objects.requireNonNull(sender, "sender");
        if (sender.isBlank()) {
            throw new IllegalArgumentException("an update needs a sender");
        }
        if (sampleCount <= 0) {
            throw new IllegalArgumentException("update of " + sender + ": sample count must be positive, was "
                    + sampleCount);
        }
        delta = Objects.requireNonNull(delta, "delta").clone();
    }

    /** A copy of the delta. */
    @Override
    public float[] delta() {
        return delta.clone();
    }

    /** The number of parameters, without copying the delta. */
    public int dimension() {
        return delta.length;
    }

    /** One coordinate of the delta, without copying it. */
    public float delta(int index) {
        return delta[index];
    }

    /** Copies the delta into {@code target} at {@code offset}, for callers that reuse one buffer. */
    public void copyDeltaInto(float[] target, int offset) {
        System.arraycopy(delta, 0, target, offset, delta.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientUpdate that && sender.equals(that.sender) && sampleCount == that.sampleCount
                && Arrays.equals(delta, that.delta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sender, sampleCount) * 31 + Arrays.hashCode(delta);
    }

    @Override
    public String toString() {
        return "ClientUpdate[sender=" + sender + ", sampleCount=" + sampleCount + ", dimension=" + delta.length + "]";
    }
}
