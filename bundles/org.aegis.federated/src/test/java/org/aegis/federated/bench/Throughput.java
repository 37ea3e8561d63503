package org.aegis.federated.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.federated.model.BuiltinTrainingTask;

/** Local training speed on one thread: samples per second of one SGD epoch, median of timed repetitions. */
final class Throughput {
    /**
     * @param samplesPerSecond the median over the repetitions
     * @param repetitions      each repetition's samples per second
     */
    record Measurement(String model, int parameters, int samples, int batchSize, double samplesPerSecond,
            double[] repetitions) {
    }

    private Throughput() {
    }

    static Measurement measure(String model, Dataset data, TrainingOptions options, int warmups, int repetitions) {
        FederatedModel network = new BuiltinTrainingTask().createModel(
                new ModelShape(model, data.featureCount(), data.classCount()), 1);
        float[] initial = network.parameters();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < warmups; i++) {
            network.setParameters(initial);
            network.train(data, options, random);
        }
        double[] rates = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            network.setParameters(initial);
            long start = System.nanoTime();
            network.train(data, options, random);
            rates[i] = data.size() / ((System.nanoTime() - start) / 1e9);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        return new Measurement(model, network.parameterCount(), data.size(), options.batchSize(),
                sorted[sorted.length / 2], rates);
    }
}
