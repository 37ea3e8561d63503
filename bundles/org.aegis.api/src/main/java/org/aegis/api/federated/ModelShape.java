package org.aegis.api.federated;

import java.util.Objects;

/**
 * What model to build: the task-specific spec and the data's dimensions.
 *
 * @param spec         the model's description in the task's own syntax, e.g. {@code logistic} or {@code mlp:64,32}
 * @param featureCount inputs per sample, positive
 * @param classCount   output classes, at least 2
 */
public record ModelShape(String spec, int featureCount, int classCount) {
    public ModelShape {
        Objects.requireNonNull(spec, "spec");
        if (featureCount <= 0) {
            throw new IllegalArgumentException("feature count must be positive, was " + featureCount);
        }
        if (classCount < 2) {
            throw new IllegalArgumentException("class count must be at least 2, was " + classCount);
        }
    }
}
