package org.aegis.federated.task;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.aegis.api.federated.DataReader;
import org.aegis.api.federated.TaskData;
import org.aegis.federated.data.CsvDataset;

/**
 * The data one node contributes to a task, loaded and checked.
 *
 * @param name       the task's name
 * @param model      the model spec
 * @param labels     the label set, in class order
 * @param training   the training rows
 * @param evaluation the held-out rows, if configured
 * @param ownFormat  whether a training task plugin read the data (its features are used as they are) rather than
 *                   the platform's CSV reader (features normalised per run)
 */
public record LocalTask(String name, String model, List<String> labels, TaskData training,
        Optional<TaskData> evaluation, boolean ownFormat) {
    public LocalTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        labels = List.copyOf(labels);
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(evaluation, "evaluation");
    }

    /** CSV data. */
    public LocalTask(String name, String model, List<String> labels, TaskData training,
            Optional<TaskData> evaluation) {
        this(name, model, labels, training, evaluation, false);
    }

    /**
     * Loads the files the settings name: with {@code reader} when the model's training task reads its own data,
     * else as CSV.
     *
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException naming file, line and column when a file is not usable, or the evaluation
     *                                  data's columns or labels differ from the training data's
     */
    public static LocalTask load(TaskSettings settings, Optional<DataReader> reader) throws IOException {
        TaskData training;
        Optional<TaskData> evaluation = Optional.empty();
        if (reader.isPresent()) {
            training = reader.get().read(settings.model(), settings.data());
            if (!settings.labels().isEmpty() && !settings.labels().equals(training.labels())) {
                throw new IllegalArgumentException("labels " + settings.labels() + " differ from the labels of model "
                        + settings.model() + ": " + training.labels());
            }
            if (settings.eval().isPresent()) {
                evaluation = Optional.of(reader.get().read(settings.model(), settings.eval().get()));
            }
        } else {
            String label = settings.requireLabel();
            List<String> labels = settings.labels().isEmpty() ? CsvDataset.labels(settings.data(), label)
                    : settings.labels();
            training = CsvDataset.load(settings.data(), label, labels);
            if (settings.eval().isPresent()) {
                evaluation = Optional.of(CsvDataset.load(settings.eval().get(), label, labels));
            }
        }
        if (evaluation.isPresent() && (!evaluation.get().featureNames().equals(training.featureNames())
                || !evaluation.get().labels().equals(training.labels()))) {
            throw new IllegalArgumentException(settings.eval().get() + ": feature columns "
                    + evaluation.get().featureNames() + " differ from the training data's " + training.featureNames());
        }
        return new LocalTask(settings.task(), settings.model(), training.labels(), training, evaluation,
                reader.isPresent());
    }

    /** The rows each version is measured on: the held-out rows, else the training rows. */
    public TaskData measuredOn() {
        return evaluation.orElse(training);
    }
}
