package org.aegis.itests.poison;

import java.util.random.RandomGenerator;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingOptions;

/**
 * Trains honestly, then sends the opposite of what it learnt, ten times over: parameters {@code g − 10 (p − g)}
 * from global parameters {@code g} and honestly trained ones {@code p} (a scaled sign-flip attack). The update is
 * finite, of the right shape and small enough to pass the norm bound: only the aggregation can stop it.
 */
final class PoisonedModel implements FederatedModel {
    static final float SCALE = 10f;
    private final FederatedModel honest;

    PoisonedModel(FederatedModel honest) {
        this.honest = honest;
    }

    @Override
    public ModelShape shape() {
        return honest.shape();
    }

    @Override
    public int parameterCount() {
        return honest.parameterCount();
    }

    @Override
    public float[] parameters() {
        return honest.parameters();
    }

    @Override
    public void setParameters(float[] parameters) {
        honest.setParameters(parameters);
    }

    @Override
    public double train(Dataset data, TrainingOptions options, RandomGenerator random) {
        float[] global = honest.parameters();
        double loss = honest.train(data, options, random);
        float[] learnt = honest.parameters();
        float[] poisoned = new float[global.length];
        for (int i = 0; i < global.length; i++) {
            poisoned[i] = global[i] - SCALE * (learnt[i] - global[i]);
        }
        honest.setParameters(poisoned);
        return loss;
    }

    @Override
    public Evaluation evaluate(Dataset data) {
        return honest.evaluate(data);
    }

    @Override
    public float[] predictProbabilities(float[] features) {
        return honest.predictProbabilities(features);
    }
}
