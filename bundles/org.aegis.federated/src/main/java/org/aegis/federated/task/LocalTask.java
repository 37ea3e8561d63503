package org.aegis.federated.task;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aegis.federated.data.CsvData;
import org.aegis.federated.data.CsvDataset;

/**
 * The data one node contributes to a task, loaded and checked.
 *
 * @param name       the task's name
 * @param model      the model spec
 * @param labels     the label set, in class order
 * @param training   the training rows
 * @param evaluation the held-out rows, if configured
 */
public record LocalTask(String name, String model, List<String> labels, CsvData training,
        Optional<CsvData> evaluation) {
    public LocalTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        labels = List.copyOf(labels);
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(evaluation, "evaluation");
    }

    /**
     * Loads the files the settings name.
     *
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException naming file, line and column when a file is not usable, or the evaluation
     *                                  file's columns differ from the training file's
     */
    public static LocalTask load(TaskSettings settings) throws IOException {
        List<String> labels = settings.labels().isEmpty()
                ? CsvDataset.labels(settings.data(), settings.label())
                : settings.labels();
        CsvData training = CsvDataset.load(settings.data(), settings.label(), labels);
        Optional<CsvData> evaluation = Optional.empty();
        if (settings.eval().isPresent()) {
            CsvData held = CsvDataset.load(settings.eval().get(), settings.label(), labels);
            if (!held.featureNames().equals(training.featureNames())) {
                throw new IllegalArgumentException(settings.eval().get() + ": feature columns "
                        + held.featureNames() + " differ from the training file's " + training.featureNames());
            }
            evaluation = Optional.of(held);
        }
        return new LocalTask(settings.task(), settings.model(), labels, training, evaluation);
    }

    /** The rows each version is measured on: the held-out rows, else the training rows. */
    public CsvData measuredOn() {
        return evaluation.orElse(training);
    }
}
