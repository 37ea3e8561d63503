package org.aegis.transport.libp2p.pubsub;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The peer-wide part of the gossipsub v1.1 score: per-topic parameters, P₅ application-specific score, P₆ IP
 * colocation, P₇ behaviour penalty, and how counters decay and outlive a disconnection.
 *
 * @param topics                      parameters of individually configured topics
 * @param defaultTopic                parameters of every topic not in {@code topics}
 * @param topicScoreCap               upper bound of the summed topic contributions (positive)
 * @param appSpecificScore            P₅: the application's score of a peer id
 * @param appSpecificWeight           w₅, positive
 * @param ipColocationFactorWeight    w₆, negative (0 disables P₆)
 * @param ipColocationFactorThreshold peers allowed on one IP before the surplus is squared; loopback addresses are
 *                                    never counted, so a local test network is not penalised
 * @param behaviourPenaltyWeight      w₇, negative
 * @param behaviourPenaltyDecay       decay of P₇'s counter
 * @param decayInterval               how often counters decay
 * @param decayToZero                 a decayed counter below this is zero
 * @param retainScore                 how long a disconnected peer's counters are kept
 */
public record PeerScoreParams(
        Map<String, TopicScoreParams> topics, TopicScoreParams defaultTopic, double topicScoreCap,
        ToDoubleFunction<String> appSpecificScore, double appSpecificWeight,
        double ipColocationFactorWeight, int ipColocationFactorThreshold,
        double behaviourPenaltyWeight, double behaviourPenaltyDecay,
        Duration decayInterval, double decayToZero, Duration retainScore) {

    /**
     * Defaults: {@link TopicScoreParams#defaults()} for every topic, topic contributions capped at +50, no
     * application score, -5 per squared peer beyond 8 on one non-loopback IP, -1 per squared behaviour penalty
     * (graft during backoff, broken IWANT promise, malformed RPC) decaying 1 % a second, counters decaying every
     * second and kept 2 minutes after a disconnection.
     */
    public static PeerScoreParams defaults() {
        return new PeerScoreParams(Map.of(), TopicScoreParams.defaults(), 50,
                peerId -> 0, 1,
                -5, 8,
                -1, 0.99,
                Duration.ofSeconds(1), 0.01, Duration.ofMinutes(2));
    }

    public PeerScoreParams {
        topics = Map.copyOf(Objects.requireNonNull(topics, "topics"));
        Objects.requireNonNull(defaultTopic, "defaultTopic");
        Objects.requireNonNull(appSpecificScore, "appSpecificScore");
        Objects.requireNonNull(decayInterval, "decayInterval");
        Objects.requireNonNull(retainScore, "retainScore");
        Checks.require(topicScoreCap > 0, "topicScoreCap must be > 0, was " + topicScoreCap);
        Checks.require(appSpecificWeight >= 0, "appSpecificWeight must be >= 0, was " + appSpecificWeight);
        Checks.require(ipColocationFactorWeight <= 0,
                "ipColocationFactorWeight must be <= 0, was " + ipColocationFactorWeight);
        Checks.require(ipColocationFactorThreshold >= 1,
                "ipColocationFactorThreshold must be >= 1, was " + ipColocationFactorThreshold);
        Checks.require(behaviourPenaltyWeight <= 0,
                "behaviourPenaltyWeight must be <= 0, was " + behaviourPenaltyWeight);
        Checks.decay(behaviourPenaltyDecay, "behaviourPenaltyDecay");
        Checks.positive(decayInterval, "decayInterval");
        Checks.require(decayToZero > 0 && decayToZero < 1, "decayToZero must be in (0, 1), was " + decayToZero);
        Checks.notNegative(retainScore, "retainScore");
    }

    /** The parameters that apply to {@code topic}. */
    public TopicScoreParams topic(String topic) {
        return topics.getOrDefault(topic, defaultTopic);
    }
}
