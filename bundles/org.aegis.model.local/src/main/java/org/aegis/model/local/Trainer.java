package org.aegis.model.local;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a {@link CharModel} on a corpus: minibatches of random positions, backpropagation ({@link Backprop}) and
 * Adam, on the calling thread. Deterministic for given settings and corpus.
 */
final class Trainer {
    /** Weight of the latest batch in the reported moving average of the loss. */
    private static final double LOSS_SMOOTHING = 0.05;
    private static final float EMBEDDING_INIT = 0.5f;

    private final TrainingSettings settings;
    private final Corpus corpus;

    Trainer(TrainingSettings settings, Corpus corpus) {
        this.settings = settings;
        this.corpus = corpus;
    }

    /**
     * Runs every step, telling {@code progress} after each one.
     *
     * @throws InterruptedException when the thread is interrupted: training stops at the next step
     */
    CharModel train(Consumer<TrainingProgress> progress) throws InterruptedException {
        Vocabulary vocabulary = corpus.vocabulary();
        ModelShape shape = settings.shape(vocabulary);
        SplittableRandom random = new SplittableRandom(settings.seed());
        float[] parameters = initialParameters(shape, random);
        float[] gradient = new float[parameters.length];
        Adam adam = new Adam(parameters.length);
        Backprop backprop = new Backprop(shape);
        int[] tokens = corpus.tokens();
        int[] batch = new int[settings.batchSize()];
        double averageLoss = Double.NaN;
        for (int step = 0; step < settings.steps(); step++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("training stopped at step " + step + " of " + settings.steps());
            }
            for (int b = 0; b < batch.length; b++) {
                batch[b] = random.nextInt(tokens.length);
            }
            Arrays.fill(gradient, 0);
            double loss = backprop.accumulate(parameters, tokens, batch, gradient);
            adam.update(parameters, gradient, settings.learningRateAt(step));
            averageLoss = Double.isNaN(averageLoss) ? loss : averageLoss + LOSS_SMOOTHING * (loss - averageLoss);
            progress.accept(new TrainingProgress(step + 1, settings.steps(), averageLoss));
        }
        return new CharModel(vocabulary, shape, parameters, settings.fingerprint(corpus));
    }

    /** The model before its first step: the starting point of {@link #train}. */
    CharModel untrained() {
        ModelShape shape = settings.shape(corpus.vocabulary());
        return new CharModel(corpus.vocabulary(), shape, initialParameters(shape, new SplittableRandom(settings.seed())),
                settings.fingerprint(corpus));
    }

    /**
     * Small random embeddings, Glorot-uniform weights, zero hidden bias, and output biases at the log frequencies of
     * the characters so that training starts from the unigram model instead of from uniform guessing.
     */
    private float[] initialParameters(ModelShape shape, SplittableRandom random) {
        float[] p = new float[shape.parameterCount()];
        fillUniform(p, shape.embeddingOffset(), shape.vocabulary() * shape.embedding(), EMBEDDING_INIT, random);
        fillUniform(p, shape.hiddenWeightsOffset(), shape.input() * shape.hidden(),
                glorot(shape.input(), shape.hidden()), random);
        fillUniform(p, shape.outputWeightsOffset(), shape.hidden() * shape.vocabulary(),
                glorot(shape.hidden(), shape.vocabulary()), random);
        long[] counts = new long[shape.vocabulary()];
        for (int token : corpus.tokens()) {
            counts[token]++;
        }
        double total = corpus.length() + shape.vocabulary();
        for (int v = 0; v < counts.length; v++) {
            p[shape.outputBiasOffset() + v] = (float) Math.log((counts[v] + 1) / total);
        }
        return p;
    }

    private static float glorot(int in, int out) {
        return (float) Math.sqrt(6.0 / (in + out));
    }

    private static void fillUniform(float[] p, int from, int length, float limit, SplittableRandom random) {
        for (int i = from; i < from + length; i++) {
            p[i] = (float) ((2 * random.nextDouble() - 1) * limit);
        }
    }
}
