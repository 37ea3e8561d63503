package org.aegis.example.linear;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.random.RandomGenerator;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.WeightMatrix;

/**
 * Least-squares linear regression, prediction = w . x + b, trained by mini-batch SGD on the mean squared error.
 *
 * <p>The target is the class index: the platform's {@link Dataset} holds each row's label as an index into the
 * label set, so this model suits ordered labels, such as ratings or binned amounts, listed in their order as the
 * task's {@code labels}. Accordingly {@code evaluate} reports the mean squared error of the index as the loss and,
 * as accuracy, how often the nearest class is the label; {@code predictProbabilities} puts the probability on the
 * two classes either side of the prediction.
 *
 * <p>Parameters: the feature weights, then the intercept b. Not thread-safe (one caller at a time, as the platform
 * uses models); deterministic: sequential loops in double, randomness only from the caller's generator.
 */
final class LinearRegression implements DifferentiableModel {
    private final ModelShape shape;
    private final int features;
    /** The feature weights, then the intercept. */
    private final float[] parameters;

    /**
     * A model with weights uniform in the range plus or minus 1 / sqrt(features) and intercept 0. Uniform draws
     * only: they are exact arithmetic on the generator's bits, so every JVM starts from the same parameters.
     */
    LinearRegression(ModelShape shape, RandomGenerator random) {
        this.shape = shape;
        this.features = shape.featureCount();
        this.parameters = new float[Math.addExact(features, 1)];
        double limit = 1 / Math.sqrt(features);
        for (int i = 0; i < features; i++) {
            parameters[i] = (float) (limit * (2 * random.nextDouble() - 1));
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
        int rows = data.size();
        if (rows == 0) {
            return 0;
        }
        int batchSize = Math.min(options.batchSize(), rows);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        double[] gradient = new double[parameters.length];
        double epochLoss = 0;
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            // The platform interrupts the training thread when it stops and waits only briefly.
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("training interrupted in epoch " + (epoch + 1));
            }
            shuffle(order, random);
            epochLoss = 0;
            for (int start = 0; start < rows; start += batchSize) {
                int batch = Math.min(batchSize, rows - start);
                epochLoss += meanLossAndGradient(data, order, start, batch, gradient) * batch;
                step(gradient, options, global);
            }
        }
        return epochLoss / rows;
    }

    @Override
    public Evaluation evaluate(Dataset data) {
        requireShape(data);
        int rows = data.size();
        if (rows == 0) {
            return new Evaluation(0, 0, 0);
        }
        double squaredErrors = 0;
        int correct = 0;
        for (int row = 0; row < rows; row++) {
            double prediction = predict(data, row);
            double error = prediction - data.label(row);
            squaredErrors += error * error;
            if (nearestClass(prediction) == data.label(row)) {
                correct++;
            }
        }
        return new Evaluation(squaredErrors / rows, (double) correct / rows, rows);
    }

    /** All the probability on the two classes either side of the prediction, more on the nearer one. */
    @Override
    public float[] predictProbabilities(float[] sample) {
        if (sample.length != features) {
            throw new IllegalArgumentException("a sample needs " + features + " features, got " + sample.length);
        }
        for (int i = 0; i < features; i++) {
            if (!Float.isFinite(sample[i])) {
                throw new IllegalArgumentException("feature " + i + " of the sample is not finite: " + sample[i]);
            }
        }
        double prediction = parameters[features];
        for (int i = 0; i < features; i++) {
            prediction += (double) parameters[i] * sample[i];
        }
        double clamped = clamp(prediction);
        int lower = (int) Math.floor(clamped);
        float[] probabilities = new float[shape.classCount()];
        if (lower == probabilities.length - 1) {
            probabilities[lower] = 1;
        } else {
            double above = clamped - lower;
            probabilities[lower] = (float) (1 - above);
            probabilities[lower + 1] = (float) above;
        }
        return probabilities;
    }

    /**
     * One matrix: the weights with the intercept as the column of a constant input 1, so that low-rank adapters
     * move the intercept too (a regression whose intercept stays frozen at its start would be of little use).
     */
    @Override
    public List<WeightMatrix> weightMatrices() {
        return List.of(new WeightMatrix("weights and intercept", 0, 1, parameters.length));
    }

    @Override
    public double lossGradient(Dataset data, int[] rows, int from, int count, double[] gradient) {
        requireShape(data);
        if (gradient.length != parameters.length) {
            throw new IllegalArgumentException("the gradient needs " + parameters.length + " values, got "
                    + gradient.length);
        }
        data.requireBatch(rows, from, count);
        return meanLossAndGradient(data, rows, from, count, gradient);
    }

    /** The batch's mean squared error, and its gradient 2 / count * sum of (prediction - label) * (x, 1). */
    private double meanLossAndGradient(Dataset data, int[] rows, int from, int count, double[] gradient) {
        Arrays.fill(gradient, 0);
        double squaredErrors = 0;
        for (int s = from; s < from + count; s++) {
            int row = rows[s];
            double error = predict(data, row) - data.label(row);
            squaredErrors += error * error;
            double scaled = 2 * error / count;
            for (int i = 0; i < features; i++) {
                gradient[i] += scaled * data.feature(row, i);
            }
            gradient[features] += scaled;
        }
        return squaredErrors / count;
    }

    /** An SGD step, with the FedProx pull mu * (w - w_global) when there is a global model. */
    private void step(double[] gradient, TrainingOptions options, float[] global) {
        double mu = options.proximalMu();
        for (int k = 0; k < parameters.length; k++) {
            double g = gradient[k];
            if (global != null) {
                g += mu * (parameters[k] - global[k]);
            }
            float next = (float) (parameters[k] - options.learningRate() * g);
            if (!Float.isFinite(next)) {
                // Least squares diverges when the step is too large for the features' scale; say so rather than
                // send an update the network would reject as non-finite.
                throw new IllegalArgumentException("training diverged: learning rate " + options.learningRate()
                        + " is too large for this data (parameter " + k + " became " + next + ")");
            }
            parameters[k] = next;
        }
    }

    private double predict(Dataset data, int row) {
        double prediction = parameters[features];
        for (int i = 0; i < features; i++) {
            prediction += (double) parameters[i] * data.feature(row, i);
        }
        return prediction;
    }

    /** The prediction within the class indices' range. */
    private double clamp(double prediction) {
        return Math.max(0, Math.min(shape.classCount() - 1, prediction));
    }

    /** The class whose index is nearest; at a tie the lower one, as the platform's argmax of the probabilities. */
    private int nearestClass(double prediction) {
        double clamped = clamp(prediction);
        int lower = (int) Math.floor(clamped);
        return clamped - lower > 0.5 ? lower + 1 : lower;
    }

    /** Fisher-Yates with the caller's generator: the same generator state gives the same order on every JVM. */
    private static void shuffle(int[] order, RandomGenerator random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swapped = order[i];
            order[i] = order[j];
            order[j] = swapped;
        }
    }

    private void requireShape(Dataset data) {
        if (data.featureCount() != features || data.classCount() != shape.classCount()) {
            throw new IllegalArgumentException("data of " + data.featureCount() + " features and "
                    + data.classCount() + " classes does not fit a model of " + features + " and "
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
