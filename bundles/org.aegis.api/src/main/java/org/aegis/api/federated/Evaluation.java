package org.aegis.api.federated;

/**
 * A model's quality on a dataset.
 *
 * @param loss     mean cross-entropy per sample
 * @param accuracy fraction of samples whose most probable class is the label, in [0, 1]
 * @param samples  number of samples evaluated
 */
public record Evaluation(double loss, double accuracy, int samples) {
    public Evaluation {
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1], was " + accuracy);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples must not be negative, was " + samples);
        }
    }
}
