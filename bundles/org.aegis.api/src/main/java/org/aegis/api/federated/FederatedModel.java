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
 */
@ConsumerType
public interface FederatedModel {
    /** The shape the model was made for. */
    ModelShape shape();

    /** The length of the flat parameter vector, constant for the model's life. */
    int parameterCount();

    /** A copy of the current parameters. */
    float[] parameters();

    /**
     * Replaces the parameters with a copy of {@code parameters}.
     *
     * @throws IllegalArgumentException if the length is not {@link #parameterCount()} or a value is not finite
     */
    void setParameters(float[] parameters);

    /**
     * Trains locally with mini-batch SGD on {@code data}, in place.
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
     * Mean loss and accuracy on {@code data}; does not change the model.
     *
     * @throws IllegalArgumentException if the data's shape does not match
     */
    Evaluation evaluate(Dataset data);

    /**
     * The class probabilities of one sample.
     *
     * @param features {@code shape().featureCount()} values
     * @return {@code shape().classCount()} probabilities summing to 1
     * @throws IllegalArgumentException if the length is wrong
     */
    float[] predictProbabilities(float[] features);
}
