package org.aegis.model.local;

import java.util.Arrays;

/**
 * A trained model: its alphabet, its shape and its weights, which nothing changes once it is built, so any number of
 * requests read it at once.
 */
final class CharModel {
    private final Vocabulary vocabulary;
    private final float[] parameters;
    private final String fingerprint;
    private final CharMlp net;

    /**
     * @param parameters  copied
     * @param fingerprint the {@link TrainingSettings#fingerprint} it was trained with
     */
    CharModel(Vocabulary vocabulary, ModelShape shape, float[] parameters, String fingerprint) {
        if (shape.vocabulary() != vocabulary.size()) {
            throw new IllegalArgumentException("shape " + shape + " does not fit an alphabet of "
                    + vocabulary.size() + " tokens");
        }
        this.vocabulary = vocabulary;
        this.parameters = parameters.clone();
        this.fingerprint = fingerprint;
        this.net = new CharMlp(shape, this.parameters);
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    ModelShape shape() {
        return net.shape();
    }

    String fingerprint() {
        return fingerprint;
    }

    CharMlp net() {
        return net;
    }

    /** A copy of the weights. */
    float[] parameters() {
        return parameters.clone();
    }

    /**
     * The text's embedding: the mean of the hidden layer over every position of the text (each seeing the characters
     * before it and the one at it), scaled to unit length. Same text, same vector.
     */
    double[] embed(String text) {
        int[] tokens = vocabulary.encode(text);
        ModelShape shape = net.shape();
        float[] input = new float[shape.input()];
        float[] hidden = new float[shape.hidden()];
        double[] sum = new double[shape.hidden()];
        for (int end = 1; end <= tokens.length; end++) {
            net.gatherInput(tokens, end, input);
            net.hidden(input, hidden);
            for (int j = 0; j < hidden.length; j++) {
                sum[j] += hidden[j];
            }
        }
        double norm = Math.sqrt(Arrays.stream(sum).map(x -> x * x).sum());
        if (norm > 0) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] /= norm;
            }
        }
        return sum;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CharModel m && vocabulary.equals(m.vocabulary) && shape().equals(m.shape())
                && fingerprint.equals(m.fingerprint) && Arrays.equals(parameters, m.parameters);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parameters);
    }
}
