package org.aegis.api.federated;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link TrainingTask} whose data is not a CSV file with a label column, e.g. a folder of text files for a
 * language model: the task's service implements this interface too, and a task configuration naming one of its
 * model specs has its {@code data} and {@code eval} paths read here. The samples are taken as they are: the platform
 * does not normalise their features, so a run of such a task starts training at once from the task's initial
 * model (no statistics round).
 *
 * <p>Called when a task configuration is activated, on a configuration thread; safe to call from several threads
 * at once.
 */
@ConsumerType
public interface DataReader {
    /**
     * Reads the samples at {@code path}. The same files give the same samples on every node; every node's feature
     * names and labels for the same spec are the same (a network agrees on them).
     *
     * @param spec the model spec the task configuration names
     * @param path the configured file or folder
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException naming the file and what is wrong with it (empty, too large, not text, …)
     */
    TaskData read(String spec, Path path) throws IOException;
}
