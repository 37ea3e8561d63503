package org.aegis.model.local;

import java.util.List;
import java.util.random.RandomGenerator;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.WeightMatrix;

/**
 * The embedded character model as a federated model: a sample is the token ids of the {@code context} characters
 * before a position (the boundary token before the start of a text) and its label the token at the position, as
 * {@link TextSamples} reads them. Loss is the mean cross-entropy in nats (÷ ln 2 for bits per character).
 * Gradients come from {@link Backprop}; local training is SGD on batches drawn with replacement, as the model's own
 * {@link Trainer} draws them. Not thread-safe; holds its scratch buffers.
 */
final class CharNetwork implements DifferentiableModel {
    private final org.aegis.api.federated.ModelShape shape;
    private final ModelShape net;
    private final float[] parameters;
    private final Backprop backprop;
    private final float[] gradientScratch;
    /** A batch as Backprop reads it, kept while the batch size stays the same. */
    private int[] batchTokens = new int[0];
    private int[] batchPositions = new int[0];

    /** @param parameters the starting weights, laid out by {@code net}; copied */
    CharNetwork(org.aegis.api.federated.ModelShape shape, ModelShape net, float[] parameters) {
        if (shape.featureCount() != net.context() || shape.classCount() != net.vocabulary()) {
            throw new IllegalArgumentException("the character model sees " + net.context() + " characters of "
                    + net.vocabulary() + " tokens, not " + shape.featureCount() + " features of "
                    + shape.classCount() + " classes");
        }
        this.shape = shape;
        this.net = net;
        this.parameters = parameters.clone();
        requireParameters(this.parameters, "parameters");
        this.backprop = new Backprop(net);
        this.gradientScratch = new float[parameters.length];
    }

    @Override
    public org.aegis.api.federated.ModelShape shape() {
        return shape;
    }

    @Override
    public int parameterCount() {
        return parameters.length;
    }

    @Override
    public float[] parameters() {
        return parameters.clone();
    }

    @Override
    public void setParameters(float[] values) {
        requireParameters(values, "parameters");
        System.arraycopy(values, 0, parameters, 0, parameters.length);
    }

    @Override
    public List<WeightMatrix> weightMatrices() {
        return List.of(new WeightMatrix("hidden weights", net.hiddenWeightsOffset(), net.input(), net.hidden(), true),
                new WeightMatrix("output weights", net.outputWeightsOffset(), net.hidden(), net.vocabulary(), true));
    }

    @Override
    public double train(Dataset data, TrainingOptions options, RandomGenerator random) {
        requireShape(data);
        float[] global = options.proximalMu() > 0 ? options.globalParameters() : null;
        if (global != null) {
            requireParameters(global, "global parameters of the proximal term");
        }
        int n = data.size();
        if (n == 0) {
            return 0;
        }
        int batchSize = Math.min(options.batchSize(), n);
        int steps = Math.max(1, n / batchSize);
        int[] batch = new int[batchSize];
        double[] gradient = new double[parameters.length];
        double epochLoss = 0;
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            epochLoss = 0;
            for (int step = 0; step < steps; step++) {
                for (int b = 0; b < batchSize; b++) {
                    batch[b] = random.nextInt(n);
                }
                epochLoss += lossGradient(data, batch, 0, batchSize, gradient);
                for (int k = 0; k < parameters.length; k++) {
                    double g = gradient[k];
                    if (global != null) {
                        g += options.proximalMu() * (parameters[k] - global[k]);
                    }
                    parameters[k] = (float) (parameters[k] - options.learningRate() * g);
                }
            }
        }
        return epochLoss / steps;
    }

    @Override
    public double lossGradient(Dataset data, int[] rows, int from, int count, double[] gradient) {
        requireShape(data);
        if (gradient.length != parameters.length) {
            throw new IllegalArgumentException("the gradient needs " + parameters.length + " values, got "
                    + gradient.length);
        }
        data.requireBatch(rows, from, count);
        // each sample as its own short text: its context, then its label at the position Backprop predicts
        int span = net.context() + 1;
        if (batchPositions.length != count) {
            batchTokens = new int[count * span];
            batchPositions = new int[count];
        }
        int[] tokens = batchTokens;
        int[] positions = batchPositions;
        for (int s = 0; s < count; s++) {
            int row = rows[from + s];
            for (int c = 0; c < net.context(); c++) {
                tokens[s * span + c] = token(data, row, c);
            }
            tokens[s * span + net.context()] = data.label(row);
            positions[s] = s * span + net.context();
        }
        java.util.Arrays.fill(gradientScratch, 0);
        double loss = backprop.accumulate(parameters, tokens, positions, gradientScratch);
        for (int k = 0; k < gradient.length; k++) {
            gradient[k] = gradientScratch[k];
        }
        return loss;
    }

    @Override
    public Evaluation evaluate(Dataset data) {
        requireShape(data);
        int n = data.size();
        if (n == 0) {
            return new Evaluation(0, 0, 0);
        }
        CharMlp mlp = new CharMlp(net, parameters);
        int[] tokens = new int[net.context()];
        float[] input = new float[net.input()];
        float[] hidden = new float[net.hidden()];
        float[] logits = new float[net.vocabulary()];
        double loss = 0;
        int correct = 0;
        for (int row = 0; row < n; row++) {
            forward(mlp, data, row, tokens, input, hidden, logits);
            int label = data.label(row);
            loss += CharMlp.crossEntropy(logits, label);
            int best = 0;
            for (int v = 1; v < logits.length; v++) {
                if (logits[v] > logits[best]) {
                    best = v;
                }
            }
            if (best == label) {
                correct++;
            }
        }
        return new Evaluation(loss / n, (double) correct / n, n);
    }

    @Override
    public float[] predictProbabilities(float[] features) {
        if (features.length != net.context()) {
            throw new IllegalArgumentException("a sample is the token ids of " + net.context()
                    + " characters, got " + features.length + " values");
        }
        Dataset one = new Dataset(features, new int[] {0}, net.context(), net.vocabulary());
        requireShape(one);
        CharMlp mlp = new CharMlp(net, parameters);
        float[] logits = new float[net.vocabulary()];
        forward(mlp, one, 0, new int[net.context()], new float[net.input()], new float[net.hidden()], logits);
        CharMlp.softmaxInPlace(logits, 0);
        return logits;
    }

    private void forward(CharMlp mlp, Dataset data, int row, int[] tokens, float[] input, float[] hidden,
            float[] logits) {
        for (int c = 0; c < tokens.length; c++) {
            tokens[c] = token(data, row, c);
        }
        mlp.gatherInput(tokens, tokens.length, input);
        mlp.hidden(input, hidden);
        mlp.logits(hidden, logits);
    }

    private void requireShape(Dataset data) {
        if (data.featureCount() != net.context() || data.classCount() != net.vocabulary()) {
            throw new IllegalArgumentException("data of " + data.featureCount() + " features and "
                    + data.classCount() + " classes does not fit a character model of " + net.context()
                    + " characters and " + net.vocabulary() + " tokens");
        }
    }

    /** A feature as the token id it must be: Backprop indexes the embedding table with it. */
    private int token(Dataset data, int row, int column) {
        float value = data.feature(row, column);
        if (value != (int) value || value < 0 || value >= net.vocabulary()) {
            throw new IllegalArgumentException("feature " + column + " of row " + row + " is " + value
                    + ", not a token id in [0, " + net.vocabulary() + ")");
        }
        return (int) value;
    }

    private void requireParameters(float[] values, String what) {
        if (values.length != net.parameterCount()) {
            throw new IllegalArgumentException(what + ": " + values.length + " values, the model has "
                    + net.parameterCount());
        }
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new IllegalArgumentException(what + ": value " + k + " is not finite: " + values[k]);
            }
        }
    }
}
