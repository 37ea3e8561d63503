package org.aegis.model.local;

/**
 * The network's forward arithmetic over a flat parameter array laid out by {@link ModelShape} (Bengio et al.'s neural
 * probabilistic language model, on characters): the embeddings of the last {@code context} characters side by side,
 * one tanh hidden layer, and logits over the vocabulary. The array is the caller's and is not copied; a method only
 * reads it, so one instance serves many threads as long as nobody writes the array meanwhile.
 */
final class CharMlp {
    private final ModelShape shape;
    private final float[] parameters;

    CharMlp(ModelShape shape, float[] parameters) {
        if (parameters.length != shape.parameterCount()) {
            throw new IllegalArgumentException("expected " + shape.parameterCount() + " parameters for " + shape
                    + ", got " + parameters.length);
        }
        this.shape = shape;
        this.parameters = parameters;
    }

    ModelShape shape() {
        return shape;
    }

    /**
     * Writes into {@code input} the embeddings of {@code tokens[end - context .. end - 1]}, oldest first; positions
     * before the start of {@code tokens} are the boundary token.
     */
    void gatherInput(int[] tokens, int end, float[] input) {
        int context = shape.context();
        int width = shape.embedding();
        for (int slot = 0; slot < context; slot++) {
            int at = end - context + slot;
            int token = at < 0 ? Vocabulary.BOUNDARY : tokens[at];
            System.arraycopy(parameters, shape.embeddingOffset() + token * width, input, slot * width, width);
        }
    }

    /** {@code hidden = tanh(bias + input · W)}, accumulated row by row of W so the inner loop has unit stride. */
    void hidden(float[] input, float[] hidden) {
        float[] p = parameters;
        int size = shape.hidden();
        System.arraycopy(p, shape.hiddenBiasOffset(), hidden, 0, size);
        int row = shape.hiddenWeightsOffset();
        for (int i = 0; i < input.length; i++, row += size) {
            float x = input[i];
            for (int j = 0; j < size; j++) {
                hidden[j] += x * p[row + j];
            }
        }
        for (int j = 0; j < size; j++) {
            hidden[j] = tanh(hidden[j]);
        }
    }

    /** {@code logits = bias + hidden · W}. */
    void logits(float[] hidden, float[] logits) {
        float[] p = parameters;
        int size = shape.vocabulary();
        System.arraycopy(p, shape.outputBiasOffset(), logits, 0, size);
        int row = shape.outputWeightsOffset();
        for (int j = 0; j < hidden.length; j++, row += size) {
            float h = hidden[j];
            for (int v = 0; v < size; v++) {
                logits[v] += h * p[row + v];
            }
        }
    }

    /** Mean cross-entropy, in nats, of predicting {@code tokens[t]} from the characters before it, over the positions. */
    double meanLoss(int[] tokens, int[] positions) {
        float[] input = new float[shape.input()];
        float[] hidden = new float[shape.hidden()];
        float[] logits = new float[shape.vocabulary()];
        double total = 0;
        for (int t : positions) {
            gatherInput(tokens, t, input);
            hidden(input, hidden);
            logits(hidden, logits);
            total += crossEntropy(logits, tokens[t]);
        }
        return total / positions.length;
    }

    /** {@code -log softmax(logits)[target]}, computed stably in double. */
    static double crossEntropy(float[] logits, int target) {
        float max = max(logits);
        double sum = 0;
        for (float z : logits) {
            sum += Math.exp(z - max);
        }
        return Math.log(sum) - (logits[target] - max);
    }

    /**
     * Replaces the logits by their softmax and returns the cross-entropy of {@code target}.
     */
    static double softmaxInPlace(float[] logits, int target) {
        float max = max(logits);
        float shifted = logits[target] - max;
        double sum = 0;
        for (int v = 0; v < logits.length; v++) {
            double e = Math.exp(logits[v] - max);
            logits[v] = (float) e;
            sum += e;
        }
        double loss = Math.log(sum) - shifted;
        float scale = (float) (1 / sum);
        for (int v = 0; v < logits.length; v++) {
            logits[v] *= scale;
        }
        return loss;
    }

    static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    /** tanh through the exp intrinsic: several times faster than Math.tanh and as exact as a float needs. */
    static float tanh(float x) {
        return (float) (1 - 2 / (Math.exp(2.0 * x) + 1));
    }
}
