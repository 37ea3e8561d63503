package org.aegis.api.learning;

/**
 * A committed version of a task's model. Number, parent, digest, run, round and sequence are the same on every
 * node; loss and accuracy are this node's measurement on its own held-out (or training) data, NaN when it holds
 * none.
 *
 * @param task     the task's name
 * @param number   the version number, from 1, in commit order
 * @param parent   the version it was trained from, 0 for a fresh model
 * @param digest   SHA-256 of the parameters and the feature normalisation, 64 hex digits
 * @param runId    the run that made it
 * @param round    the round that made it
 * @param sequence the sequence number of the {@code federated-round} decision that committed it
 * @param loss     mean cross-entropy measured here
 * @param accuracy accuracy measured here
 * @param privacy  the differential privacy every participant's data had in the rounds that led to it; null when
 *                 one of them ran without (then there is no guarantee)
 */
public record ModelVersion(String task, long number, long parent, String digest, String runId, int round,
        long sequence, double loss, double accuracy, PrivacyBudget privacy) {
    /** A version without differential privacy, as before it existed. */
    public ModelVersion(String task, long number, long parent, String digest, String runId, int round, long sequence,
            double loss, double accuracy) {
        this(task, number, parent, digest, runId, round, sequence, loss, accuracy, null);
    }
}
