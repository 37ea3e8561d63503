package org.aegis.federated.data;

import java.util.List;
import java.util.Objects;
import org.aegis.api.federated.Dataset;

/**
 * A loaded CSV file.
 *
 * @param featureNames the feature columns' header names, in dataset column order
 * @param dataset      the samples, labels as indices into the agreed label set
 */
public record CsvData(List<String> featureNames, Dataset dataset) {
    public CsvData {
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(dataset, "dataset");
    }
}
