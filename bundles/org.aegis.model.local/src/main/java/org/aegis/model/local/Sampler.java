package org.aegis.model.local;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Picks the next token from logits: at temperature 0 the most likely one (the lowest token on a tie), else a draw
 * from the softmax of logits / temperature restricted to the {@code topK} most likely tokens.
 */
final class Sampler {
    private final double temperature;
    private final int topK;
    private final RandomGenerator random;

    /**
     * @param temperature 0 for greedy decoding, else positive
     * @param topK        tokens to draw from; 0 for all of them
     */
    Sampler(double temperature, int topK, RandomGenerator random) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and at least 0, was " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be at least 0, was " + topK);
        }
        this.temperature = temperature;
        this.topK = topK;
        this.random = random;
    }

    /** A token; tokens whose logit is negative infinity are never chosen. */
    int sample(float[] logits) {
        int best = argmax(logits);
        if (temperature == 0) {
            return best;
        }
        float cutoff = topK == 0 || topK >= logits.length ? Float.NEGATIVE_INFINITY : kthLargest(logits, topK);
        float max = logits[best];
        double[] weights = new double[logits.length];
        double total = 0;
        for (int v = 0; v < logits.length; v++) {
            if (logits[v] >= cutoff && logits[v] > Float.NEGATIVE_INFINITY) {
                weights[v] = Math.exp((logits[v] - max) / temperature);
                total += weights[v];
            }
        }
        double draw = random.nextDouble() * total;
        for (int v = 0; v < weights.length; v++) {
            draw -= weights[v];
            if (draw < 0 && weights[v] > 0) {
                return v;
            }
        }
        return best; // rounding left the draw at the very top of the range
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int v = 1; v < values.length; v++) {
            if (values[v] > values[best]) {
                best = v;
            }
        }
        return best;
    }

    /** The k-th largest value; ties at it are kept, so a draw may see a few more than k tokens. */
    private static float kthLargest(float[] values, int k) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - k];
    }
}
