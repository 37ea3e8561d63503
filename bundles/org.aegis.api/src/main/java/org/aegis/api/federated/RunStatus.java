package org.aegis.api.federated;

import java.util.List;

/**
 * Where one run stands.
 *
 * @param runId        the run's id
 * @param state        running, completed or failed
 * @param strategy     its aggregation strategy
 * @param rounds       the rounds it was decided with
 * @param roundsDone   the rounds closed so far
 * @param participants the nodes asked to train, in the run's order
 * @param history      the closed rounds, oldest first
 * @param reason       why it failed, else empty
 */
public record RunStatus(String runId, TaskState state, String strategy, int rounds, int roundsDone,
        List<String> participants, List<RoundRecord> history, String reason) {
    public RunStatus {
        participants = List.copyOf(participants);
        history = List.copyOf(history);
    }
}
