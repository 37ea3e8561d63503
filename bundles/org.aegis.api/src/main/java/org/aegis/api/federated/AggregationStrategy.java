package org.aegis.api.federated;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A rule that combines the parameter deltas of one round into one delta, e.g. FedAvg or a Byzantine-robust
 * rule. Registered as a service with the property {@value #SERVICE_PROPERTY}{@code =}{@link #name()}.
 *
 * <p>Selection: federated learning binds every strategy and keys it by the value of {@value #SERVICE_PROPERTY}, or
 * by {@link #name()} when the property is absent; a run names its strategy and each round close looks it up by that
 * name. Register one strategy per name: of two with the same name the one bound last is used, and unbinding it
 * leaves none. {@code service.ranking} is not read.
 *
 * <p>Hot swap: the strategy is looked up anew for every round close. A round that closes while no strategy of the
 * run's name is bound (its bundle stopped, or between the old and new version of an update) fails the whole run on
 * this node, while other nodes may go on. A replacement is used from the next round close and must compute exactly
 * what the old one and every other node compute: nodes attest each version's digest, and a difference is logged as a
 * divergence.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a strategy built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface AggregationStrategy {
    /** Service property naming the strategy, so that a round can select it by the name the network agreed. */
    String SERVICE_PROPERTY = "aegis.strategy";

    /**
     * The strategy's stable name, e.g. {@code fedavg}, {@code median}, {@code trimmed-mean}, {@code krum},
     * {@code multi-krum}, {@code bulyan}, {@code centered-clipping}. Constant for the life of the service; read
     * when it is bound if {@value #SERVICE_PROPERTY} is absent.
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
     * <p>Threading: called on federated learning's decision thread ({@code aegis-federated-apply}) while it applies a
     * round's close decision; every later federated decision on the node waits for it. Compute only: no I/O, no
     * blocking, no waiting on other nodes.
     *
     * <p>Errors: an {@link IllegalArgumentException} fails the run, with its message, on every node alike. Any other
     * exception is a bug: the decision is not applied, and it is tried again as later decisions arrive; until it
     * succeeds, the node applies no later federated decision.
     *
     * @param updates validated updates, all of the same length, in the order the round fixed
     * @param context the round's parameters (assumed Byzantine count, trim fraction, options)
     * @return the aggregated delta and one outcome per update, in the order of {@code updates}
     * @throws IllegalArgumentException if the updates are empty, of different lengths, or too few for the
     *                                  context's assumptions (e.g. Krum needs n > 2f + 2); the message says which
     */
    Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context);
}
