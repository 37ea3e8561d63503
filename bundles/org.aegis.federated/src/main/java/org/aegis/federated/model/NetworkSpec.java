package org.aegis.federated.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in model specs: {@code logistic} (softmax regression, no hidden layer) and {@code mlp:64,32} (ReLU
 * hidden layers of the given widths, softmax output).
 *
 * @param hiddenWidths the hidden layers' widths, input side first; empty for logistic regression
 */
public record NetworkSpec(List<Integer> hiddenWidths) {
    public static final String LOGISTIC = "logistic";
    public static final String MLP_PREFIX = "mlp:";
    static final int MAX_WIDTH = 4096;
    static final int MAX_HIDDEN_LAYERS = 8;

    public NetworkSpec {
        hiddenWidths = List.copyOf(hiddenWidths);
    }

    /**
     * Parses a spec.
     *
     * @throws IllegalArgumentException naming the spec and what is wrong with it
     */
    public static NetworkSpec parse(String spec) {
        if (LOGISTIC.equals(spec)) {
            return new NetworkSpec(List.of());
        }
        if (spec == null || !spec.startsWith(MLP_PREFIX)) {
            throw new IllegalArgumentException("unknown model spec '" + spec + "': expected " + LOGISTIC
                    + " or mlp:<width>,<width>,…");
        }
        String[] parts = spec.substring(MLP_PREFIX.length()).split(",", -1);
        if (parts.length > MAX_HIDDEN_LAYERS) {
            throw new IllegalArgumentException("model spec '" + spec + "' has " + parts.length
                    + " hidden layers, at most " + MAX_HIDDEN_LAYERS + " allowed");
        }
        List<Integer> widths = new ArrayList<>();
        for (String part : parts) {
            int width;
            try {
                width = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model spec '" + spec + "': hidden width '" + part
                        + "' is not a number", e);
            }
            if (width < 1 || width > MAX_WIDTH) {
                throw new IllegalArgumentException("model spec '" + spec + "': hidden width " + width
                        + " is not in [1, " + MAX_WIDTH + "]");
            }
            widths.add(width);
        }
        return new NetworkSpec(widths);
    }

    /** The widths of every layer: inputs, hidden layers, classes. */
    int[] layerSizes(int featureCount, int classCount) {
        int[] sizes = new int[hiddenWidths.size() + 2];
        sizes[0] = featureCount;
        for (int i = 0; i < hiddenWidths.size(); i++) {
            sizes[i + 1] = hiddenWidths.get(i);
        }
        sizes[sizes.length - 1] = classCount;
        return sizes;
    }
}
