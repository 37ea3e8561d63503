package org.aegis.api.learning;

import java.util.List;

/**
 * The classes of some rows.
 *
 * @param task    the task's name
 * @param version the committed version that classified them
 * @param labels  the label set, in class order: {@code probabilities} are in this order
 * @param rows    one result per row, in the order given
 */
public record Prediction(String task, long version, List<String> labels, List<Classified> rows) {
    public Prediction {
        labels = List.copyOf(labels);
        rows = List.copyOf(rows);
    }

    /**
     * One row's class.
     *
     * @param label         the most probable label
     * @param probabilities the probability of each label, in the order of {@link Prediction#labels()}
     */
    public record Classified(String label, List<Double> probabilities) {
        public Classified {
            probabilities = List.copyOf(probabilities);
        }
    }
}
