package org.aegis.api.learning;

import java.util.List;
import org.aegis.api.federated.Evaluation;

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
 * @param baseline     this node's measure of the model the run started from, on its held-out (else training) data;
 *                     null when it holds no data for the task or the run has not started training yet
 */
public record RunStatus(String runId, TaskState state, String strategy, int rounds, int roundsDone,
        List<String> participants, List<RoundRecord> history, String reason, Evaluation baseline) {
    public RunStatus {
        participants = List.copyOf(participants);
        history = List.copyOf(history);
    }

    /** Without a baseline, as before it was measured. */
    public RunStatus(String runId, TaskState state, String strategy, int rounds, int roundsDone,
            List<String> participants, List<RoundRecord> history, String reason) {
        this(runId, state, strategy, rounds, roundsDone, participants, history, reason, null);
    }
}
