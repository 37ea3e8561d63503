package org.aegis.model.local;

/**
 * How the model is built and trained. Training is deterministic: the same settings on the same corpus give the same
 * weights on every node (Java's floating point is strict, and training runs on one thread).
 *
 * @param seed         seeds the initial weights and the order of the batches
 * @param steps        optimizer steps
 * @param batchSize    positions of the corpus per step
 * @param learningRate Adam's initial step size; it decays along a cosine to a tenth of it at the last step
 * @param shape        context, embedding and hidden sizes (the vocabulary comes from the corpus)
 */
record TrainingSettings(long seed, int steps, int batchSize, double learningRate, int context, int embedding,
        int hidden) {
    TrainingSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("training steps must be at least 1, was " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1], was " + learningRate);
        }
    }

    ModelShape shape(Vocabulary vocabulary) {
        return new ModelShape(vocabulary.size(), context, embedding, hidden);
    }

    /** Learning rate at a step: cosine decay from {@code learningRate} to a tenth of it. */
    double learningRateAt(int step) {
        double progress = steps == 1 ? 1 : (double) step / (steps - 1);
        return learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    /** Names the weights these settings make from a corpus: a stored model is reused only when this matches. */
    String fingerprint(Corpus corpus) {
        return "char-mlp seed=" + seed + " steps=" + steps + " batch=" + batchSize + " lr=" + learningRate
                + " context=" + context + " embedding=" + embedding + " hidden=" + hidden + " corpus=sha256:"
                + corpus.digest();
    }
}
