package org.aegis.api.learning;

import java.util.List;
import org.aegis.api.federated.UpdateOutcome;

/**
 * One closed round of a run.
 *
 * @param round        the round number, from 1
 * @param participants the senders whose updates the closing decision listed, in its order
 * @param outcomes     what became of each listed update: accepted, outvoted or rejected, with sender and reason
 * @param version      the version the round committed, 0 if none (no update was usable)
 * @param loss         this node's measured loss of that version, NaN if none
 * @param accuracy     this node's measured accuracy of that version, NaN if none
 */
public record RoundRecord(int round, List<String> participants, List<UpdateOutcome> outcomes, long version,
        double loss, double accuracy) {
    public RoundRecord {
        participants = List.copyOf(participants);
        outcomes = List.copyOf(outcomes);
    }
}
