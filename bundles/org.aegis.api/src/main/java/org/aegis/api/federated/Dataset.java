package org.aegis.api.federated;

import java.util.Objects;

/**
 * Labelled samples held in memory: features row-major in one array, labels as class indices into the label set
 * the network agreed. Immutable; the arrays are copied in and out, rows are read without copying.
 *
 * @param features     {@code size() * featureCount} values, row-major, finite
 * @param labels       one class index per row, in [0, classCount)
 * @param featureCount features per row, positive
 * @param classCount   number of classes of the agreed label set, at least 2
 */
public record Dataset(float[] features, int[] labels, int featureCount, int classCount) {
    public Dataset {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (featureCount <= 0) {
            throw new IllegalArgumentException("feature count must be positive, was " + featureCount);
        }
        if (classCount < 2) {
            throw new IllegalArgumentException("class count must be at least 2, was " + classCount);
        }
        if ((long) labels.length * featureCount != features.length) {
            throw new IllegalArgumentException(features.length + " feature values do not make " + labels.length
                    + " rows of " + featureCount);
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IllegalArgumentException("feature " + i % featureCount + " of row " + i / featureCount
                        + " is not finite: " + features[i]);
            }
        }
        for (int row = 0; row < labels.length; row++) {
            if (labels[row] < 0 || labels[row] >= classCount) {
                throw new IllegalArgumentException("label of row " + row + " is " + labels[row] + ", not in [0, "
                        + classCount + ")");
            }
        }
        features = features.clone();
        labels = labels.clone();
    }

    /** Number of rows. */
    public int size() {
        return labels.length;
    }

    /** One feature of one row, without copying. */
    public float feature(int row, int column) {
        return features[row * featureCount + column];
    }

    /** The class index of one row. */
    public int label(int row) {
        return labels[row];
    }

    /** Copies one row's features into {@code target} at {@code offset}. */
    public void copyRow(int row, float[] target, int offset) {
        System.arraycopy(features, row * featureCount, target, offset, featureCount);
    }

    /**
     * Checks that {@code rows[from .. from + count - 1]} is a batch of this dataset's rows.
     *
     * @throws IllegalArgumentException if the range is empty or outside {@code rows}, or names a row this dataset
     *                                  does not have
     */
    public void requireBatch(int[] rows, int from, int count) {
        if (count <= 0 || from < 0 || from + count > rows.length) {
            throw new IllegalArgumentException("rows " + from + " to " + (from + count) + " are not a batch of "
                    + rows.length + " rows");
        }
        for (int i = from; i < from + count; i++) {
            if (rows[i] < 0 || rows[i] >= labels.length) {
                throw new IllegalArgumentException("row " + rows[i] + " is not one of the " + labels.length + " rows");
            }
        }
    }

    /** The given rows, in the given order. */
    public Dataset rows(int[] rows) {
        float[] x = new float[rows.length * featureCount];
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            copyRow(rows[i], x, i * featureCount);
            y[i] = labels[rows[i]];
        }
        return new Dataset(x, y, featureCount, classCount);
    }

    @Override
    public float[] features() {
        return features.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dataset that && featureCount == that.featureCount && classCount == that.classCount
                && java.util.Arrays.equals(features, that.features) && java.util.Arrays.equals(labels, that.labels);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(features) * 31 + java.util.Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "Dataset[rows=" + labels.length + ", features=" + featureCount + ", classes=" + classCount + "]";
    }
}
