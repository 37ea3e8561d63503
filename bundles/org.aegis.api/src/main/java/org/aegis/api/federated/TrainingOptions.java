package org.aegis.api.federated;

/**
 * How one local training step runs.
 *
 * @param epochs           passes over the local data, positive
 * @param batchSize        samples per SGD step, positive
 * @param learningRate     SGD step size, positive and finite
 * @param proximalMu       FedProx μ: weight of the proximal term μ/2·‖w − w_global‖²; 0 disables it
 * @param globalParameters the round's global parameters the proximal term pulls towards; copied; may be empty
 *                         only when {@code proximalMu} is 0
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, double proximalMu,
        float[] globalParameters) {
    public TrainingOptions {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, was " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learning rate must be positive and finite, was " + learningRate);
        }
        if (!(proximalMu >= 0 && Double.isFinite(proximalMu))) {
            throw new IllegalArgumentException("proximal mu must be non-negative and finite, was " + proximalMu);
        }
        globalParameters = globalParameters == null ? new float[0] : globalParameters.clone();
        if (proximalMu > 0 && globalParameters.length == 0) {
            throw new IllegalArgumentException("a proximal term (mu " + proximalMu + ") needs the global parameters");
        }
    }

    /** Plain SGD without a proximal term. */
    public static TrainingOptions sgd(int epochs, int batchSize, double learningRate) {
        return new TrainingOptions(epochs, batchSize, learningRate, 0, null);
    }

    @Override
    public float[] globalParameters() {
        return globalParameters.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingOptions that && epochs == that.epochs && batchSize == that.batchSize
                && Double.compare(learningRate, that.learningRate) == 0
                && Double.compare(proximalMu, that.proximalMu) == 0
                && java.util.Arrays.equals(globalParameters, that.globalParameters);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(epochs, batchSize, learningRate, proximalMu) * 31
                + java.util.Arrays.hashCode(globalParameters);
    }

    @Override
    public String toString() {
        return "TrainingOptions[epochs=" + epochs + ", batchSize=" + batchSize + ", learningRate=" + learningRate
                + ", proximalMu=" + proximalMu + ", globalParameters=" + globalParameters.length + "]";
    }
}
