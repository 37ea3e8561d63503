package org.aegis.transport.libp2p.pubsub;

import java.time.Duration;
import java.util.Objects;

/**
 * How a peer's behaviour in one topic contributes to its score (gossipsub v1.1, "The Score Function"): P₁ time in
 * mesh, P₂ first message deliveries, P₃ mesh message delivery deficit, P₃b mesh delivery failures, P₄ invalid
 * messages. Every counter decays by its factor once per {@link PeerScoreParams#decayInterval()}.
 *
 * @param topicWeight                      weight of the whole topic in the peer's score
 * @param timeInMeshWeight                 w₁, small and positive
 * @param timeInMeshQuantum                time in mesh that earns one point of P₁
 * @param timeInMeshCap                    maximum of P₁
 * @param firstMessageDeliveriesWeight     w₂, positive
 * @param firstMessageDeliveriesDecay      decay of P₂'s counter
 * @param firstMessageDeliveriesCap        maximum of P₂'s counter
 * @param meshMessageDeliveriesWeight      w₃, negative (0 disables P₃)
 * @param meshMessageDeliveriesDecay       decay of P₃'s counter
 * @param meshMessageDeliveriesThreshold   deliveries expected from a mesh peer; below it the deficit is squared
 * @param meshMessageDeliveriesCap         maximum of P₃'s counter, at least the threshold
 * @param meshMessageDeliveriesActivation  time in mesh before P₃ applies
 * @param meshMessageDeliveriesWindow      how late after the first delivery a duplicate still counts for P₃
 * @param meshFailurePenaltyWeight         w₃b, negative (0 disables P₃b)
 * @param meshFailurePenaltyDecay          decay of P₃b
 * @param invalidMessageDeliveriesWeight   w₄, negative
 * @param invalidMessageDeliveriesDecay    decay of P₄'s counter
 */
public record TopicScoreParams(
        double topicWeight,
        double timeInMeshWeight, Duration timeInMeshQuantum, double timeInMeshCap,
        double firstMessageDeliveriesWeight, double firstMessageDeliveriesDecay, double firstMessageDeliveriesCap,
        double meshMessageDeliveriesWeight, double meshMessageDeliveriesDecay, double meshMessageDeliveriesThreshold,
        double meshMessageDeliveriesCap, Duration meshMessageDeliveriesActivation,
        Duration meshMessageDeliveriesWindow,
        double meshFailurePenaltyWeight, double meshFailurePenaltyDecay,
        double invalidMessageDeliveriesWeight, double invalidMessageDeliveriesDecay) {

    /**
     * Defaults for a topic whose message rate is not known in advance (AEGIS topics are configured by their
     * bundles): P₁ earns at most +6 after ten minutes in the mesh, P₂ at most +20, each invalid message costs
     * -10·n² (three invalid messages graylist a peer with the default thresholds), and P₃/P₃b are off because a
     * delivery threshold only makes sense for a topic with a known steady rate; a quiet topic would otherwise
     * prune every mesh peer for not delivering.
     */
    public static TopicScoreParams defaults() {
        return new TopicScoreParams(1.0,
                0.01, Duration.ofSeconds(1), 600,
                1.0, 0.99, 20,
                0, 0.97, 1, 10, Duration.ofSeconds(30), Duration.ofMillis(10),
                0, 0.97,
                -10, 0.99);
    }

    public TopicScoreParams {
        Objects.requireNonNull(timeInMeshQuantum, "timeInMeshQuantum");
        Objects.requireNonNull(meshMessageDeliveriesActivation, "meshMessageDeliveriesActivation");
        Objects.requireNonNull(meshMessageDeliveriesWindow, "meshMessageDeliveriesWindow");
        Checks.require(topicWeight >= 0, "topicWeight must be >= 0, was " + topicWeight);
        Checks.require(timeInMeshWeight >= 0, "timeInMeshWeight must be >= 0, was " + timeInMeshWeight);
        Checks.positive(timeInMeshQuantum, "timeInMeshQuantum");
        Checks.require(timeInMeshCap > 0, "timeInMeshCap must be > 0, was " + timeInMeshCap);
        Checks.require(firstMessageDeliveriesWeight >= 0,
                "firstMessageDeliveriesWeight must be >= 0, was " + firstMessageDeliveriesWeight);
        Checks.decay(firstMessageDeliveriesDecay, "firstMessageDeliveriesDecay");
        Checks.require(firstMessageDeliveriesCap > 0,
                "firstMessageDeliveriesCap must be > 0, was " + firstMessageDeliveriesCap);
        Checks.require(meshMessageDeliveriesWeight <= 0,
                "meshMessageDeliveriesWeight must be <= 0, was " + meshMessageDeliveriesWeight);
        Checks.decay(meshMessageDeliveriesDecay, "meshMessageDeliveriesDecay");
        Checks.require(meshMessageDeliveriesThreshold > 0,
                "meshMessageDeliveriesThreshold must be > 0, was " + meshMessageDeliveriesThreshold);
        Checks.require(meshMessageDeliveriesCap >= meshMessageDeliveriesThreshold,
                "meshMessageDeliveriesCap must be >= meshMessageDeliveriesThreshold, was " + meshMessageDeliveriesCap);
        Checks.notNegative(meshMessageDeliveriesActivation, "meshMessageDeliveriesActivation");
        Checks.notNegative(meshMessageDeliveriesWindow, "meshMessageDeliveriesWindow");
        Checks.require(meshFailurePenaltyWeight <= 0,
                "meshFailurePenaltyWeight must be <= 0, was " + meshFailurePenaltyWeight);
        Checks.decay(meshFailurePenaltyDecay, "meshFailurePenaltyDecay");
        Checks.require(invalidMessageDeliveriesWeight <= 0,
                "invalidMessageDeliveriesWeight must be <= 0, was " + invalidMessageDeliveriesWeight);
        Checks.decay(invalidMessageDeliveriesDecay, "invalidMessageDeliveriesDecay");
    }
}
