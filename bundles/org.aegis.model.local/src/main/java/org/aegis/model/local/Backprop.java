package org.aegis.model.local;

import java.util.Arrays;

/**
 * The gradient of the mean cross-entropy over a batch of positions, by backpropagation through {@link CharMlp}. Each
 * weight matrix is also read transposed, copied once per batch, so that every inner loop, forward and backward, is a
 * unit-stride {@code y += a·x} the JIT turns into SIMD instructions. Holds scratch buffers: one instance per thread.
 */
final class Backprop {
    private final ModelShape shape;
    private final float[] input;
    private final float[] hidden;
    private final float[] probabilities;
    private final float[] hiddenGradient;
    private final float[] inputGradient;
    /** The hidden layer's weights as hidden × input. */
    private final float[] hiddenWeightsT;
    /** The output layer's weights as vocabulary × hidden. */
    private final float[] outputWeightsT;

    Backprop(ModelShape shape) {
        this.shape = shape;
        this.input = new float[shape.input()];
        this.hidden = new float[shape.hidden()];
        this.probabilities = new float[shape.vocabulary()];
        this.hiddenGradient = new float[shape.hidden()];
        this.inputGradient = new float[shape.input()];
        this.hiddenWeightsT = new float[shape.input() * shape.hidden()];
        this.outputWeightsT = new float[shape.hidden() * shape.vocabulary()];
    }

    /**
     * Adds to {@code gradient} the gradient, with respect to {@code parameters}, of the mean cross-entropy of
     * predicting {@code tokens[t]} from the characters before it over the given positions.
     *
     * @return that mean cross-entropy, in nats
     */
    double accumulate(float[] parameters, int[] tokens, int[] positions, float[] gradient) {
        CharMlp net = new CharMlp(shape, parameters);
        int in = shape.input();
        int hid = shape.hidden();
        int voc = shape.vocabulary();
        int width = shape.embedding();
        transpose(parameters, shape.hiddenWeightsOffset(), in, hid, hiddenWeightsT);
        transpose(parameters, shape.outputWeightsOffset(), hid, voc, outputWeightsT);
        float scale = 1f / positions.length;
        double loss = 0;
        for (int t : positions) {
            net.gatherInput(tokens, t, input);
            net.hidden(input, hidden);
            net.logits(hidden, probabilities);
            loss += CharMlp.softmaxInPlace(probabilities, tokens[t]);

            // output layer: d(loss)/d(logits) = (softmax - onehot) / batch
            float[] dLogits = probabilities;
            dLogits[tokens[t]] -= 1;
            for (int v = 0; v < voc; v++) {
                dLogits[v] *= scale;
            }
            axpy(1, dLogits, 0, gradient, shape.outputBiasOffset(), voc);
            Arrays.fill(hiddenGradient, 0);
            for (int j = 0, row = shape.outputWeightsOffset(); j < hid; j++, row += voc) {
                axpy(hidden[j], dLogits, 0, gradient, row, voc);
            }
            for (int v = 0, row = 0; v < voc; v++, row += hid) {
                axpy(dLogits[v], outputWeightsT, row, hiddenGradient, 0, hid);
            }

            // hidden layer: tanh' = 1 - tanh²
            for (int j = 0; j < hid; j++) {
                hiddenGradient[j] *= 1 - hidden[j] * hidden[j];
            }
            axpy(1, hiddenGradient, 0, gradient, shape.hiddenBiasOffset(), hid);
            Arrays.fill(inputGradient, 0);
            for (int i = 0, row = shape.hiddenWeightsOffset(); i < in; i++, row += hid) {
                axpy(input[i], hiddenGradient, 0, gradient, row, hid);
            }
            for (int j = 0, row = 0; j < hid; j++, row += in) {
                axpy(hiddenGradient[j], hiddenWeightsT, row, inputGradient, 0, in);
            }

            // embeddings: each context slot's slice of the input gradient goes to its token's row
            for (int slot = 0; slot < shape.context(); slot++) {
                int at = t - shape.context() + slot;
                int token = at < 0 ? Vocabulary.BOUNDARY : tokens[at];
                axpy(1, inputGradient, slot * width, gradient, shape.embeddingOffset() + token * width, width);
            }
        }
        return loss / positions.length;
    }

    /** {@code y[yFrom..] += a · x[xFrom..]} over {@code length} elements. */
    private static void axpy(float a, float[] x, int xFrom, float[] y, int yFrom, int length) {
        for (int k = 0; k < length; k++) {
            y[yFrom + k] += a * x[xFrom + k];
        }
    }

    /** Copies the {@code rows × columns} matrix at {@code from} into {@code target} as {@code columns × rows}. */
    private static void transpose(float[] source, int from, int rows, int columns, float[] target) {
        for (int r = 0; r < rows; r++) {
            int row = from + r * columns;
            for (int c = 0; c < columns; c++) {
                target[c * rows + r] = source[row + c];
            }
        }
    }
}
