package org.aegis.api.federated;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link FederatedModel} that also gives the gradient of its loss and names its weight matrices, so that the
 * platform can train low-rank adapters (LoRA) on it: a run with {@link Hyperparameters#loraRank()} above 0 needs
 * a model of this type, and then only the adapters travel. A training task whose models implement this interface
 * gets adapter training without writing any.
 *
 * <p>Threading and determinism as for {@link FederatedModel}: one caller at a time; the same parameters and rows
 * give bit-identical gradients on every JVM. A run that asks for adapters fails on a node whose model for the spec
 * is not a {@code DifferentiableModel} (checked when the run starts); every node must therefore run the same task.
 * Hot swap as for {@link FederatedModel}: models are made per use, so a new version of the task applies from the
 * next use, and it must keep {@link #weightMatrices()} and the gradients unchanged.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a model built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface DifferentiableModel extends FederatedModel {
    /**
     * The matrices adapters may be trained on, in a fixed order; disjoint ranges of the parameter vector. Usually
     * the weights of the linear layers, not biases or normalisation parameters. The same on every node and for every
     * instance of a shape: every node lays out each round's adapters from it. Called on federated learning's
     * decision and training threads.
     */
    List<WeightMatrix> weightMatrices();

    /**
     * The mean loss over some rows of {@code data} at the current parameters, and its gradient. Does not change
     * the model. Called once per mini-batch on the training thread ({@code aegis-federated-train}) while adapters
     * train; compute only, no I/O.
     *
     * @param data     samples of the model's shape
     * @param rows     indices into {@code data}; the batch is {@code rows[from] .. rows[from + count - 1]}
     * @param from     first index into {@code rows}
     * @param count    batch size, positive
     * @param gradient receives ∂(mean loss)/∂parameter, {@link #parameterCount()} values; overwritten
     * @return the batch's mean loss
     * @throws IllegalArgumentException if the data's shape or the gradient's length does not match
     */
    double lossGradient(Dataset data, int[] rows, int from, int count, double[] gradient);
}
