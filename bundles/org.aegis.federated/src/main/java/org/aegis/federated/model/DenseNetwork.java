package org.aegis.federated.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.WeightMatrix;

/**
 * A fully connected network: ReLU hidden layers (none for logistic regression), softmax output, cross-entropy
 * loss. Parameters are one flat vector: per layer, the weights (output-major: row o holds the weights into
 * output o) then the biases. Not thread-safe; deterministic (sequential loops, randomness only from the caller's
 * generator).
 */
public final class DenseNetwork implements DifferentiableModel {
    private static final int EVALUATION_BATCH = 256;
    private static final double MIN_PROBABILITY = 1e-12;

    private final ModelShape shape;
    private final int[] sizes;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final float[] parameters;
    private Workspace workspace;

    /**
     * A network of the given shape, weights uniform in ±√(6 / fan-in) (He) from {@code random}, biases zero. Only
     * uniform draws, which are exact arithmetic on the generator's bits; Gaussian sampling may use Math.log, which can
     * differ in the last bit between JVMs.
     */
    public DenseNetwork(ModelShape shape, NetworkSpec spec, RandomGenerator random) {
        this.shape = shape;
        this.sizes = spec.layerSizes(shape.featureCount(), shape.classCount());
        int layers = sizes.length - 1;
        this.weightOffset = new int[layers];
        this.biasOffset = new int[layers];
        long count = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = Math.toIntExact(count);
            count += (long) sizes[l] * sizes[l + 1];
            biasOffset[l] = Math.toIntExact(count);
            count += sizes[l + 1];
        }
        this.parameters = new float[Math.toIntExact(count)];
        for (int l = 0; l < layers; l++) {
            double limit = Math.sqrt(6.0 / sizes[l]);
            for (int k = weightOffset[l]; k < biasOffset[l]; k++) {
                parameters[k] = (float) (limit * (2 * random.nextDouble() - 1));
            }
        }
    }

    @Override
    public ModelShape shape() {
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
        requireParameterVector(values, "parameters");
        System.arraycopy(values, 0, parameters, 0, parameters.length);
    }

    @Override
    public double train(Dataset data, TrainingOptions options, RandomGenerator random) {
        requireShape(data);
        float[] global = options.proximalMu() > 0 ? options.globalParameters() : null;
        if (global != null) {
            requireParameterVector(global, "global parameters of the proximal term");
        }
        int n = data.size();
        if (n == 0) {
            return 0;
        }
        int batchSize = Math.min(options.batchSize(), n);
        Workspace ws = workspace(batchSize);
        int[] order = Shuffling.identity(n);
        double epochLoss = 0;
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            Shuffling.shuffle(order, random);
            epochLoss = 0;
            for (int start = 0; start < n; start += batchSize) {
                int batch = Math.min(batchSize, n - start);
                load(data, order, start, batch, ws);
                epochLoss += forward(ws, batch, data, order, start);
                backward(ws, batch, data, order, start, ws.gradient);
                step(ws, options.learningRate(), options.proximalMu(), global);
            }
        }
        return epochLoss / n;
    }

    @Override
    public Evaluation evaluate(Dataset data) {
        requireShape(data);
        int n = data.size();
        if (n == 0) {
            return new Evaluation(0, 0, 0);
        }
        int batchSize = Math.min(EVALUATION_BATCH, n);
        Workspace ws = workspace(batchSize);
        int[] order = Shuffling.identity(n);
        double loss = 0;
        int correct = 0;
        int classes = shape.classCount();
        float[] output = ws.activations[sizes.length - 1];
        for (int start = 0; start < n; start += batchSize) {
            int batch = Math.min(batchSize, n - start);
            load(data, order, start, batch, ws);
            loss += forward(ws, batch, data, order, start);
            for (int s = 0; s < batch; s++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (output[s * classes + c] > output[s * classes + best]) {
                        best = c;
                    }
                }
                if (best == data.label(start + s)) {
                    correct++;
                }
            }
        }
        return new Evaluation(loss / n, (double) correct / n, n);
    }

    @Override
    public List<WeightMatrix> weightMatrices() {
        List<WeightMatrix> matrices = new ArrayList<>();
        for (int l = 0; l < sizes.length - 1; l++) {
            matrices.add(new WeightMatrix("layer " + (l + 1) + " weights", weightOffset[l], sizes[l + 1], sizes[l]));
        }
        return matrices;
    }

    @Override
    public double lossGradient(Dataset data, int[] rows, int from, int count, double[] gradient) {
        requireShape(data);
        if (gradient.length != parameters.length) {
            throw new IllegalArgumentException("the gradient needs " + parameters.length + " values, got "
                    + gradient.length);
        }
        data.requireBatch(rows, from, count);
        Workspace ws = workspace(count);
        load(data, rows, from, count, ws);
        double loss = forward(ws, count, data, rows, from);
        backward(ws, count, data, rows, from, gradient);
        return loss / count;
    }

    @Override
    public float[] predictProbabilities(float[] features) {
        if (features.length != shape.featureCount()) {
            throw new IllegalArgumentException("a sample needs " + shape.featureCount() + " features, got "
                    + features.length);
        }
        Workspace ws = new Workspace(sizes, 1, 0);
        System.arraycopy(features, 0, ws.activations[0], 0, features.length);
        propagate(ws, 1);
        return ws.activations[sizes.length - 1].clone();
    }

    /** The batch's inputs into the first activation layer. */
    private void load(Dataset data, int[] order, int start, int batch, Workspace ws) {
        for (int s = 0; s < batch; s++) {
            data.copyRow(order[start + s], ws.activations[0], s * sizes[0]);
        }
    }

    /** Forward pass; returns the batch's summed cross-entropy. */
    private double forward(Workspace ws, int batch, Dataset data, int[] order, int start) {
        propagate(ws, batch);
        int classes = shape.classCount();
        float[] output = ws.activations[sizes.length - 1];
        double loss = 0;
        for (int s = 0; s < batch; s++) {
            loss -= StrictMath.log(Math.max(output[s * classes + data.label(order[start + s])], MIN_PROBABILITY));
        }
        return loss;
    }

    private void propagate(Workspace ws, int batch) {
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] a = ws.activations[l];
            float[] z = ws.activations[l + 1];
            boolean hidden = l < layers - 1;
            for (int s = 0; s < batch; s++) {
                for (int o = 0; o < out; o++) {
                    double sum = parameters[biasOffset[l] + o];
                    int w = weightOffset[l] + o * in;
                    for (int i = 0; i < in; i++) {
                        sum += parameters[w + i] * a[s * in + i];
                    }
                    z[s * out + o] = hidden ? (float) Math.max(0, sum) : (float) sum;
                }
                if (!hidden) {
                    softmaxInPlace(z, s * out, out);
                }
            }
        }
    }

    /** Gradient of the batch's mean loss into {@code gradient}. */
    private void backward(Workspace ws, int batch, Dataset data, int[] order, int start, double[] gradient) {
        Arrays.fill(gradient, 0);
        int layers = sizes.length - 1;
        int classes = shape.classCount();
        float[] outputError = ws.errors[layers];
        float[] output = ws.activations[layers];
        for (int s = 0; s < batch; s++) {
            int label = data.label(order[start + s]);
            for (int c = 0; c < classes; c++) {
                outputError[s * classes + c] = (output[s * classes + c] - (c == label ? 1f : 0f)) / batch;
            }
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] a = ws.activations[l];
            float[] error = ws.errors[l + 1];
            for (int s = 0; s < batch; s++) {
                for (int o = 0; o < out; o++) {
                    float e = error[s * out + o];
                    if (e == 0) {
                        continue;
                    }
                    int w = weightOffset[l] + o * in;
                    for (int i = 0; i < in; i++) {
                        gradient[w + i] += (double) e * a[s * in + i];
                    }
                    gradient[biasOffset[l] + o] += e;
                }
            }
            if (l > 0) {
                // Error into the hidden layer l, through its ReLU (derivative 1 where the activation is positive).
                float[] below = ws.errors[l];
                for (int s = 0; s < batch; s++) {
                    for (int i = 0; i < in; i++) {
                        if (a[s * in + i] <= 0) {
                            below[s * in + i] = 0;
                            continue;
                        }
                        double sum = 0;
                        for (int o = 0; o < out; o++) {
                            sum += parameters[weightOffset[l] + o * in + i] * error[s * out + o];
                        }
                        below[s * in + i] = (float) sum;
                    }
                }
            }
        }
    }

    /** SGD step, with the FedProx term μ(w − w_global) when μ > 0. */
    private void step(Workspace ws, double learningRate, double mu, float[] global) {
        for (int k = 0; k < parameters.length; k++) {
            double g = ws.gradient[k];
            if (global != null) {
                g += mu * (parameters[k] - global[k]);
            }
            parameters[k] = (float) (parameters[k] - learningRate * g);
        }
    }

    private static void softmaxInPlace(float[] z, int offset, int length) {
        float max = z[offset];
        for (int c = 1; c < length; c++) {
            max = Math.max(max, z[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < length; c++) {
            double e = StrictMath.exp(z[offset + c] - max); // StrictMath: same bits on every JVM
            z[offset + c] = (float) e;
            sum += e;
        }
        for (int c = 0; c < length; c++) {
            z[offset + c] = (float) (z[offset + c] / sum);
        }
    }

    /** Buffers for batches of up to {@code batchCapacity} samples, kept between calls. */
    private Workspace workspace(int batchCapacity) {
        if (workspace == null || workspace.batchCapacity < batchCapacity) {
            workspace = new Workspace(sizes, batchCapacity, parameters.length);
        }
        return workspace;
    }

    private void requireShape(Dataset data) {
        if (data.featureCount() != shape.featureCount() || data.classCount() != shape.classCount()) {
            throw new IllegalArgumentException("data of " + data.featureCount() + " features and "
                    + data.classCount() + " classes does not fit a model of " + shape.featureCount() + " and "
                    + shape.classCount());
        }
    }

    private void requireParameterVector(float[] values, String what) {
        if (values.length != parameters.length) {
            throw new IllegalArgumentException(what + ": " + values.length + " values, the model has "
                    + parameters.length);
        }
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new IllegalArgumentException(what + ": value " + k + " is not finite: " + values[k]);
            }
        }
    }
}
