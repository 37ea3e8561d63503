package org.aegis.api.federated;

/**
 * Where one weight matrix lives in a model's flat parameter vector: {@code rows × columns} values, row-major, from
 * {@code offset}. Low-rank adapters are trained on these matrices.
 *
 * @param name    what the matrix is, for messages, e.g. {@code layer 1 weights}
 * @param offset  index of its first value in the parameter vector, at least 0
 * @param rows    rows, positive
 * @param columns values per row, positive
 */
public record WeightMatrix(String name, int offset, int rows, int columns) {
    public WeightMatrix {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a weight matrix needs a name");
        }
        if (offset < 0 || rows <= 0 || columns <= 0 || (long) offset + (long) rows * columns > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("weight matrix " + name + ": offset " + offset + " and " + rows + "×"
                    + columns + " do not describe a matrix in a parameter vector");
        }
    }

    /** Number of values. */
    public int size() {
        return rows * columns;
    }
}
