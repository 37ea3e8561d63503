package org.aegis.api.federated;

import java.util.List;
import java.util.Objects;

/**
 * A node's data for a task, read from its files: the samples and the names that tie them to the other nodes'.
 *
 * @param featureNames one name per feature column, in the dataset's column order; every participant's must be the
 *                     same
 * @param labels       the class names, in class index order
 * @param dataset      the samples
 */
public record TaskData(List<String> featureNames, List<String> labels, Dataset dataset) {
    public TaskData {
        featureNames = List.copyOf(featureNames);
        labels = List.copyOf(labels);
        Objects.requireNonNull(dataset, "dataset");
        if (featureNames.size() != dataset.featureCount()) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + dataset.featureCount()
                    + " features");
        }
        if (labels.size() != dataset.classCount()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + dataset.classCount() + " classes");
        }
    }
}
