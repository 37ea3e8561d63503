package org.aegis.api.learning;

import java.util.Objects;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.Hyperparameters;

/**
 * What a run should do.
 *
 * @param task            the task's name
 * @param rounds          how many rounds, 1 to {@value #MAX_ROUNDS}
 * @param strategy        the aggregation strategy's name ({@link AggregationStrategy#SERVICE_PROPERTY})
 * @param hyperparameters local training and aggregation settings
 */
public record RunRequest(String task, int rounds, String strategy, Hyperparameters hyperparameters) {
    /** The most rounds one run may have. */
    public static final int MAX_ROUNDS = 10_000;
    /** The rounds a request without a number runs. */
    public static final int DEFAULT_ROUNDS = 20;
    /** The strategy a request without one uses. */
    public static final String DEFAULT_STRATEGY = "fedavg";

    public RunRequest {
        if (task == null || task.isBlank()) {
            throw new IllegalArgumentException("a run needs a task");
        }
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds must be 1 to " + MAX_ROUNDS + ", was " + rounds);
        }
        strategy = strategy == null || strategy.isBlank() ? DEFAULT_STRATEGY : strategy;
        Objects.requireNonNull(hyperparameters, "hyperparameters");
    }
}
