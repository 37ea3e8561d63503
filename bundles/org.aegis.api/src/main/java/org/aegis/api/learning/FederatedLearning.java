package org.aegis.api.learning;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Federated training decided by the network's consensus: a run, its rounds, the model versions they commit and
 * rollbacks are all committed decisions, so every node applies them in the same order and arrives at the same
 * versions with the same digests. Events are published on topics under {@value #TOPIC_PREFIX}.
 *
 * <p>Provided by the platform; thread-safe.
 */
@ProviderType
public interface FederatedLearning {
    /** Prefix of the node events this service publishes (run started, round closed, run ended, rollback). */
    String TOPIC_PREFIX = "aegis/federated/";

    /**
     * Proposes a run of the task, trained by the current validators that hold data for it, from the version the
     * network serves (or a fresh model).
     *
     * @return completes when the network decided the run; exceptionally when the proposal is refused
     * @throws IllegalArgumentException if this node has no data for the task, or the request is unusable
     * @throws IllegalStateException    if no consensus engine is installed
     */
    CompletionStage<RunDecided> startRun(RunRequest request);

    /** The tasks this node knows: configured here or trained by the network, sorted. */
    List<String> tasks();

    /** Where a task stands; empty if the task is unknown. */
    Optional<TaskStatus> status(String task);

    /** The committed versions of a task, oldest first; the same list on every node. */
    List<ModelVersion> versions(String task);

    /**
     * Classifies rows with a committed version.
     *
     * @param rows    the feature values of each row, in the training data's column order
     * @param version the version to use; empty: the one the network serves
     * @throws IllegalArgumentException if the task has no committed version (or not this one), or a row has
     *                                  the wrong number of values or a non-finite value
     */
    Prediction predict(String task, List<float[]> rows, OptionalLong version);

    /**
     * Proposes that the network serves an earlier version of the task again.
     *
     * @return completes with the decision's sequence number when the network decided it
     * @throws IllegalArgumentException if the version is not a committed version of the task
     * @throws IllegalStateException    if no consensus engine is installed
     */
    CompletionStage<Long> rollback(String task, long version);
}
