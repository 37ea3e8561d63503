package org.aegis.federated.trainer;

import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.Hyperparameters;
import org.aegis.federated.model.LowRankAdapters;

/** The adapters of a run's round, as every node derives them: from the model's matrices, the rank and the seed. */
final class RunAdapters {
    private RunAdapters() {
    }

    /** @throws IllegalArgumentException if the model cannot train adapters */
    static DifferentiableModel differentiable(FederatedModel model) {
        if (model instanceof DifferentiableModel differentiable) {
            return differentiable;
        }
        throw new IllegalArgumentException("the model " + model.shape().spec() + " cannot train low-rank adapters"
                + " (its training task does not give gradients): run it without a LoRA rank");
    }

    static LowRankAdapters of(DifferentiableModel model, Hyperparameters h, long runSeed, int round) {
        return LowRankAdapters.forRound(model.weightMatrices(), h.loraRank(), runSeed, round);
    }
}
