package org.aegis.api.federated;

import java.util.Arrays;
import java.util.Objects;

/**
 * The signed content of one participant's update: which task and round it belongs to, who sent it, how many
 * samples it was trained on, and the parameter values (a delta or a full vector, as the task's protocol says).
 * Encoded by {@link UpdateCodec}.
 *
 * @param task        the training task's name, 1 to {@value UpdateCodec#MAX_NAME_BYTES} bytes of UTF-8
 * @param round       the round number, at least 0
 * @param sender      the sender's peer id, 1 to {@value UpdateCodec#MAX_NAME_BYTES} bytes of UTF-8
 * @param sampleCount training samples behind the update, positive
 * @param parameters  the values, all finite; copied in and out
 */
public record UpdateBody(String task, long round, String sender, long sampleCount, float[] parameters) {
    public UpdateBody {
        UpdateCodec.checkName("task", task);
        UpdateCodec.checkName("sender", sender);
        if (round < 0) {
            throw new MalformedUpdateException("round must not be negative, was " + round);
        }
        if (sampleCount <= 0) {
            throw new MalformedUpdateException("sample count must be positive, was " + sampleCount);
        }
        parameters = Objects.requireNonNull(parameters, "parameters").clone();
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                throw new MalformedUpdateException("parameter " + i + " is not finite: " + parameters[i]);
            }
        }
    }

    /** A copy of the parameter values. */
    @Override
    public float[] parameters() {
        return parameters.clone();
    }

    /** This body as the update a strategy aggregates. */
    public ClientUpdate toClientUpdate() {
        return new ClientUpdate(sender, sampleCount, parameters);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UpdateBody that && task.equals(that.task) && round == that.round
                && sender.equals(that.sender) && sampleCount == that.sampleCount
                && Arrays.equals(parameters, that.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, round, sender, sampleCount) * 31 + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return "UpdateBody[task=" + task + ", round=" + round + ", sender=" + sender + ", sampleCount=" + sampleCount
                + ", parameters=" + parameters.length + "]";
    }
}
