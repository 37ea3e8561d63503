package org.aegis.federated.task;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A task configuration, checked: every refusal names the property and what is wrong with it.
 *
 * @param task   the task's name
 * @param data   the training CSV
 * @param label  the label column of CSV data, empty for tasks that read their own data
 * @param eval   the held-out data, if any
 * @param model  the model spec; which training task supports it is decided when the data is loaded
 * @param labels the agreed label set; empty: the labels found in the training data
 */
public record TaskSettings(String task, Path data, String label, Optional<Path> eval, String model,
        List<String> labels) {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public TaskSettings {
        labels = List.copyOf(labels);
    }

    /** Reads and checks the configuration. */
    public static TaskSettings of(TaskConfig config) {
        String task = required("task", config.task());
        if (!NAME.matcher(task).matches()) {
            throw new IllegalArgumentException("task '" + task + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String model = required("model", config.model());
        String eval = config.eval() == null ? "" : config.eval().trim();
        List<String> labels = config.labels() == null || config.labels().isBlank() ? List.of()
                : Arrays.stream(config.labels().split(",")).map(String::trim).toList();
        if (labels.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("labels '" + config.labels() + "' has an empty label");
        }
        String label = config.label() == null ? "" : config.label().trim();
        return new TaskSettings(task, Path.of(required("data", config.data())), label,
                eval.isEmpty() ? Optional.empty() : Optional.of(Path.of(eval)), model, labels);
    }

    /** The label column, which CSV data needs. */
    String requireLabel() {
        if (label.isEmpty()) {
            throw new IllegalArgumentException("task configuration: 'label' is required for the CSV data of model "
                    + model);
        }
        return label;
    }

    private static String required(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("task configuration: '" + property + "' is required");
        }
        return value.trim();
    }
}
