package org.aegis.federated.trainer;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.learning.RoundRecord;
import org.aegis.api.learning.RunStatus;
import org.aegis.api.learning.TaskState;
import org.aegis.federated.protocol.FederatedPayload;

/**
 * A run as this node applied it so far, kept in the store after every decision that changes it.
 *
 * @param spec        the decided run
 * @param sequence    the sequence of its {@code federated-run} decision
 * @param trainer     the training task service that builds its model here
 * @param state       running, completed or failed
 * @param openRound   the round collecting announcements (0: statistics of a fresh run)
 * @param pending     the open round's announcements, in decision order
 * @param history     the closed rounds
 * @param baseVersion the version the open round trains from, 0 for the fresh model
 * @param baseDigest  that version's digest, {@value #INITIAL} for the fresh model
 * @param mean        the run's feature normalisation (empty until round 0 closes in a fresh run)
 * @param scale       the run's feature normalisation scales
 * @param reason      why it failed, else empty
 * @param baseline    this node's measure of the model the run starts from, null if not measured
 */
record FederatedRun(FederatedPayload.Run spec, long sequence, String trainer, TaskState state, int openRound,
        List<Announced> pending, List<RoundRecord> history, long baseVersion, String baseDigest, double[] mean,
        double[] scale, String reason, Evaluation baseline) {
    static final String INITIAL = "initial";

    FederatedRun {
        pending = List.copyOf(pending);
        history = List.copyOf(history);
        mean = mean.clone();
        scale = scale.clone();
    }

    boolean running() {
        return state == TaskState.RUNNING;
    }

    boolean collected(String sender) {
        return pending.stream().anyMatch(a -> a.sender().equals(sender));
    }

    boolean everyoneAnnounced() {
        return spec.participants().stream().allMatch(this::collected);
    }

    FederatedRun with(Announced announced) {
        List<Announced> more = new ArrayList<>(pending);
        more.add(announced);
        return new FederatedRun(spec, sequence, trainer, state, openRound, more, history, baseVersion, baseDigest,
                mean, scale, reason, baseline);
    }

    FederatedRun normalisedWith(double[] newMean, double[] newScale) {
        return new FederatedRun(spec, sequence, trainer, state, 1, List.of(), history, baseVersion, baseDigest,
                newMean, newScale, reason, baseline);
    }

    /** Closes the open round; the next one trains from {@code version} (unchanged if the round made none). */
    FederatedRun closed(RoundRecord record, long version, String digest) {
        List<RoundRecord> more = new ArrayList<>(history);
        more.add(record);
        boolean last = openRound >= spec.rounds();
        return new FederatedRun(spec, sequence, trainer, last ? TaskState.COMPLETED : TaskState.RUNNING,
                last ? openRound : openRound + 1, List.of(), more, version, digest, mean, scale, reason, baseline);
    }

    FederatedRun failed(String why) {
        return new FederatedRun(spec, sequence, trainer, TaskState.FAILED, openRound, List.of(), history,
                baseVersion, baseDigest, mean, scale, why, baseline);
    }

    FederatedRun measured(Evaluation measure) {
        return new FederatedRun(spec, sequence, trainer, state, openRound, pending, history, baseVersion, baseDigest,
                mean, scale, reason, measure);
    }

    RunStatus status() {
        return new RunStatus(spec.run(), state, spec.strategy(), spec.rounds(), history.size(), spec.participants(),
                history, reason, baseline);
    }
}
