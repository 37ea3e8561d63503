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
 *
 * <p>Not a service of its own: the platform checks whether the {@link TrainingTask} service object is an
 * {@code instanceof DataReader}, so register the task under {@code TrainingTask} only. Every node that trains a spec
 * must read its data with the same task, or the nodes disagree on whether there is a statistics round.
 *
 * <p>Hot swap: task configurations reference the training tasks statically, so when the task's bundle is updated
 * or stopped (or any training task comes or goes) each task configuration is deactivated and activated again, and
 * the new instance reads the files again. The data read before is dropped with the old configuration.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a reader built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface DataReader {
    /**
     * Reads the samples at {@code path}. The same files give the same samples on every node; every node's feature
     * names and labels for the same spec are the same (a network agrees on them).
     *
     * <p>Runs on the thread that activates the task configuration (SCR's), once for the training data and once for
     * the evaluation data if configured; it may block on file I/O. An {@link IOException} or
     * {@link IllegalArgumentException} keeps the task configuration from starting, with the message in the log: this
     * node then has no data for the task until the configuration or the files are fixed.
     *
     * @param spec the model spec the task configuration names
     * @param path the configured file or folder
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException naming the file and what is wrong with it (empty, too large, not text, …)
     */
    TaskData read(String spec, Path path) throws IOException;
}
