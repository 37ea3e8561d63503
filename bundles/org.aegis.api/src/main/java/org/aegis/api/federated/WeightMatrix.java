package org.aegis.api.federated;

/**
 * Where one weight matrix lives in a model's flat parameter vector: {@code rows × columns} values, row-major, from
 * {@code offset}; each row holds the weights into one output ({@code y = W·x}), unless {@code inputMajor}, where
 * each row holds the weights out of one input ({@code y = x·W}). Low-rank adapters are trained on these matrices,
 * and which side is the input decides which side their frozen projection is on.
 *
 * @param name       what the matrix is, for messages, e.g. {@code layer 1 weights}
 * @param offset     index of its first value in the parameter vector, at least 0
 * @param rows       rows, positive
 * @param columns    values per row, positive
 * @param inputMajor whether rows are inputs (and columns outputs)
 */
public record WeightMatrix(String name, int offset, int rows, int columns, boolean inputMajor) {
    public WeightMatrix {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a weight matrix needs a name");
        }
        if (offset < 0 || rows <= 0 || columns <= 0 || (long) offset + (long) rows * columns > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("weight matrix " + name + ": offset " + offset + " and " + rows + "×"
                    + columns + " do not describe a matrix in a parameter vector");
        }
    }

    /** A matrix whose rows are outputs, as {@code y = W·x} stores it. */
    public WeightMatrix(String name, int offset, int rows, int columns) {
        this(name, offset, rows, columns, false);
    }

    /** Number of outputs. */
    public int outputs() {
        return inputMajor ? columns : rows;
    }

    /** Number of inputs. */
    public int inputs() {
        return inputMajor ? rows : columns;
    }

    /** The index in the parameter vector of the weight from input {@code input} into output {@code output}. */
    public int index(int output, int input) {
        return offset + (inputMajor ? input * columns + output : output * columns + input);
    }

    /** Number of values. */
    public int size() {
        return rows * columns;
    }
}
