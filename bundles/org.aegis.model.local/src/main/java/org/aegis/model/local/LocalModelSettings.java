package org.aegis.model.local;

/** The checked configuration of the local model; {@link #from} names the property that is wrong. */
record LocalModelSettings(String modelId, TrainingSettings training, int topK, int defaultMaxTokens,
        int maxTokensLimit, int maxInputChars, int maxEmbeddingInputs, int maxConcurrentRequests,
        int queueCapacity) {

    /** @throws IllegalArgumentException naming the offending property */
    static LocalModelSettings from(LocalModelConfig config) {
        String modelId = config.modelId() == null ? "" : config.modelId().strip();
        if (modelId.isEmpty()) {
            throw new IllegalArgumentException(LocalModelConfig.PID + ": modelId must not be blank");
        }
        double learningRate = config.learningRate();
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException(LocalModelConfig.PID + ": learningRate must be in (0, 1], was "
                    + learningRate);
        }
        int maxTokensLimit = range("maxTokensLimit", config.maxTokensLimit(), 1, 100_000);
        TrainingSettings training = new TrainingSettings(config.seed(),
                range("trainingSteps", config.trainingSteps(), 1, 10_000_000),
                range("batchSize", config.batchSize(), 1, 4096), learningRate,
                range("contextLength", config.contextLength(), 1, 256),
                range("embeddingSize", config.embeddingSize(), 1, 256),
                range("hiddenSize", config.hiddenSize(), 1, 4096));
        return new LocalModelSettings(modelId, training, range("topK", config.topK(), 0, 1000),
                range("defaultMaxTokens", config.defaultMaxTokens(), 1, maxTokensLimit), maxTokensLimit,
                range("maxInputChars", config.maxInputChars(), 1, 1_000_000),
                range("maxEmbeddingInputs", config.maxEmbeddingInputs(), 1, 10_000),
                range("maxConcurrentRequests", config.maxConcurrentRequests(), 1, 64),
                range("queueCapacity", config.queueCapacity(), 0, 10_000));
    }

    private static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(LocalModelConfig.PID + ": " + name + " must be in [" + min + ", "
                    + max + "], was " + value);
        }
        return value;
    }
}
