package org.aegis.federated.bench;

import org.aegis.api.federated.TrainingOptions;

/**
 * How a federation runs: {@code clients} clients; each round every client takes a fresh random sample of
 * {@code localRows} of its rows (all of them if it has fewer) and runs one epoch of mini-batch SGD on it, i.e.
 * {@code localRows / batchSize} local steps, from the round's global model.
 */
record Settings(int clients, int rounds, int localRows, int batchSize, double learningRate, long seed) {
    TrainingOptions local() {
        return TrainingOptions.sgd(1, batchSize, learningRate);
    }
}
