package org.aegis.federated.trainer;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.Hyperparameters;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.UpdateBody;
import org.aegis.federated.data.FeatureNormalizer;
import org.aegis.federated.model.LowRankAdapters;
import org.aegis.federated.privacy.ClippedGaussianNoise;

/**
 * One participant's share of a round: local SGD from the round's base, sent as the delta against it (or, in a
 * run with adapters, the change of the adapters' factors); with
 * differential privacy the delta is clipped and noised here, and counts as one sample (a count would tell the
 * data's size, and weighting by it would let one participant move the average more than the clip norm allows).
 */
final class LocalTraining {
    private LocalTraining() {
    }

    /**
     * Trains {@code model} from {@code base} on the normalised local data.
     *
     * @param seed         the run's seed; mixed with round and sender so that every participant shuffles
     *                     differently but reproducibly
     * @param privacyNoise the noise source when the run has differential privacy: unpredictable in use
     */
    static UpdateBody update(String task, int round, String sender, FederatedModel model, float[] base,
            Dataset local, FeatureNormalizer normalizer, Hyperparameters h, long seed, RandomGenerator privacyNoise) {
        model.setParameters(base);
        Dataset normalised = normalizer.apply(local);
        SplittableRandom order = new SplittableRandom(seed ^ (31L * round) ^ ((long) sender.hashCode() << 32));
        float[] delta;
        if (h.loraEnabled()) {
            DifferentiableModel differentiable = RunAdapters.differentiable(model);
            LowRankAdapters adapters = RunAdapters.of(differentiable, h, seed, round);
            TrainingOptions options = new TrainingOptions(h.localEpochs(), h.batchSize(), h.learningRate(),
                    h.proximalMu(), h.proximalMu() > 0 ? adapters.start() : null);
            delta = adapters.train(differentiable, base, normalised, options, order).change();
        } else {
            TrainingOptions options = new TrainingOptions(h.localEpochs(), h.batchSize(), h.learningRate(),
                    h.proximalMu(), h.proximalMu() > 0 ? base : null);
            model.train(normalised, options, order);
            float[] trained = model.parameters();
            delta = new float[trained.length];
            for (int i = 0; i < delta.length; i++) {
                delta[i] = trained[i] - base[i];
            }
        }
        if (h.dpEnabled()) {
            new ClippedGaussianNoise(h.dpClipNorm(), h.dpNoiseMultiplier()).apply(delta, privacyNoise);
            return new UpdateBody(task, round, sender, 1, delta);
        }
        return new UpdateBody(task, round, sender, local.size(), delta);
    }
}
