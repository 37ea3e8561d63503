package org.aegis.api.federated;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A rule that combines the parameter deltas of one round into one delta, e.g. FedAvg or a Byzantine-robust
 * rule. Registered as a service with the property {@value #SERVICE_PROPERTY}{@code =}{@link #name()}.
 */
@ConsumerType
public interface AggregationStrategy {
    /** Service property naming the strategy, so that a round can select it by the name the network agreed. */
    String SERVICE_PROPERTY = "aegis.strategy";

    /**
     * The strategy's stable name, e.g. {@code fedavg}, {@code median}, {@code trimmed-mean}, {@code krum},
     * {@code multi-krum}, {@code bulyan}, {@code centered-clipping}. Constant for the life of the service.
     */
    String name();

    /**
     * Combines the updates of one round.
     *
     * <p>Contract: deterministic: the same updates in the same order with the same context give bit-identical
     * results on every node and JVM (no hash-order iteration, no parallelism, no randomness that is not seeded
     * from the context), because every node must arrive at the same model version. Safe to call from several
     * threads at once; holds no state between calls. The updates have already been validated (same length,
     * finite values); the implementation must not modify them or the context.
     *
     * @param updates validated updates, all of the same length, in the order the round fixed
     * @param context the round's parameters (assumed Byzantine count, trim fraction, options)
     * @return the aggregated delta and one outcome per update, in the order of {@code updates}
     * @throws IllegalArgumentException if the updates are empty, of different lengths, or too few for the
     *                                  context's assumptions (e.g. Krum needs n > 2f + 2); the message says which
     */
    Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context);
}
