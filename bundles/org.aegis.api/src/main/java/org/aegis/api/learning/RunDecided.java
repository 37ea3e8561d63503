package org.aegis.api.learning;

/**
 * A run the network decided.
 *
 * @param task     the task's name
 * @param runId    the run's id
 * @param sequence the sequence number of its {@code federated-run} decision
 */
public record RunDecided(String task, String runId, long sequence) {
}
