package org.aegis.model.local;

/**
 * Sizes of the network and where each weight group lives in its one flat parameter array: the character embedding
 * table (vocabulary × embedding), the hidden layer's weights (input × hidden, one row per input) and bias, and the
 * output layer's weights (hidden × vocabulary, one row per hidden unit) and bias. Rows are contiguous so the inner
 * loops run over unit-stride arrays the JIT vectorises.
 *
 * @param vocabulary tokens, the boundary included
 * @param context    characters the model sees before the one it predicts
 * @param embedding  size of a character's embedding vector
 * @param hidden     units of the hidden layer, also the size of an embedding returned by embed()
 */
record ModelShape(int vocabulary, int context, int embedding, int hidden) {
    ModelShape {
        positive(vocabulary, "vocabulary");
        positive(context, "context");
        positive(embedding, "embedding");
        positive(hidden, "hidden");
        if ((long) vocabulary * embedding + (long) context * embedding * hidden + (long) hidden * vocabulary
                > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("model too large: " + this);
        }
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Size of the hidden layer's input: the context's embeddings side by side. */
    int input() {
        return context * embedding;
    }

    int embeddingOffset() {
        return 0;
    }

    int hiddenWeightsOffset() {
        return vocabulary * embedding;
    }

    int hiddenBiasOffset() {
        return hiddenWeightsOffset() + input() * hidden;
    }

    int outputWeightsOffset() {
        return hiddenBiasOffset() + hidden;
    }

    int outputBiasOffset() {
        return outputWeightsOffset() + hidden * vocabulary;
    }

    int parameterCount() {
        return outputBiasOffset() + vocabulary;
    }
}
