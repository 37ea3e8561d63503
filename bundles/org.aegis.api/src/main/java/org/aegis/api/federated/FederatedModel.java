package org.aegis.api.federated;

import java.util.random.RandomGenerator;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A model whose parameters are one flat vector, so that the network can exchange and aggregate them. Made by a
 * {@link TrainingTask}.
 *
 * <p>Threading: an instance is not thread-safe; one caller at a time (a round trains it, then reads it).
 * Determinism: with the same parameters, data, options and generator state, {@link #train} gives bit-identical
 * parameters on every JVM (no parallelism, no unseeded randomness, no hash-order iteration).
 *
 * <p>Use: federated learning makes a model with {@link TrainingTask#createModel} for each use and drops it after:
 * local training on its training thread ({@code aegis-federated-train}), measuring a version on its decision thread
 * ({@code aegis-federated-apply}), a prediction on a REST request thread. An instance is never shared between uses
 * or threads, and never kept across an update of the task's bundle: the next use gets a model of the new version.
 * Errors: throw {@link IllegalArgumentException} for input that does not fit the model, as specified per method;
 * the platform logs the failure and the step fails on this node only (see each method).
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a model built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface FederatedModel {
    /** The shape the model was made for; constant. */
    ModelShape shape();

    /** The length of the flat parameter vector, constant for the model's life. */
    int parameterCount();

    /** A copy of the current parameters: the caller may keep and change it. Read after training and for versions. */
    float[] parameters();

    /**
     * Replaces the parameters with a copy of {@code parameters}. Called before training (with the round's base),
     * before measuring a version and before predicting; the caller may change the array afterwards.
     *
     * @throws IllegalArgumentException if the length is not {@link #parameterCount()} or a value is not finite
     */
    void setParameters(float[] parameters);

    /**
     * Trains locally with mini-batch SGD on {@code data}, in place. Called on the training thread while a round is
     * open: it may take long, but the update only counts if it is proposed before the round closes. When federated
     * learning stops it interrupts that thread and waits five seconds for it, so a long training should end soon
     * after an interrupt. An exception means this node contributes no update to the round (logged).
     *
     * @param data    local samples; its feature and class counts must match {@link #shape()}
     * @param options epochs, batch size, learning rate, optional FedProx term
     * @param random  the only source of randomness (shuffling); seeded by the caller for reproducibility
     * @return the mean training loss of the last epoch
     * @throws IllegalArgumentException if the data's shape does not match, or the proximal term's global
     *                                  parameters have the wrong length
     */
    double train(Dataset data, TrainingOptions options, RandomGenerator random);

    /**
     * Mean loss and accuracy on {@code data}; does not change the model. Called on the decision thread to measure
     * each new version (and the version a run starts from) on this node's held-out data, so every later federated
     * decision waits for it: keep it to one pass over the data. An exception while measuring a new version makes
     * this node ignore, or hold, the decision that closed the round (logged): do not throw for data of the model's
     * shape.
     *
     * @throws IllegalArgumentException if the data's shape does not match
     */
    Evaluation evaluate(Dataset data);

    /**
     * The class probabilities of one sample. Called on a REST request thread, once per row of a prediction request,
     * after {@link #setParameters} with the version asked for; an exception fails that request.
     *
     * @param features {@code shape().featureCount()} values
     * @return {@code shape().classCount()} probabilities summing to 1
     * @throws IllegalArgumentException if the length is wrong
     */
    float[] predictProbabilities(float[] features);
}
