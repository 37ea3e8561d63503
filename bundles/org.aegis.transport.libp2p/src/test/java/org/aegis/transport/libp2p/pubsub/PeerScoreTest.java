package org.aegis.transport.libp2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.Test;

class PeerScoreTest {
    private static final String TOPIC = "t";
    private static final double EPSILON = 1e-9;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private PeerScore defaults() {
        return new PeerScore(PeerScoreParams.defaults(), clock, Duration.ofMinutes(2));
    }

    @Test
    void timeInMeshEarnsPointsUpToItsCap() {
        PeerScore score = defaults();
        score.connected("p", null);
        score.grafted("p", TOPIC);
        clock.advance(Duration.ofSeconds(100));
        assertEquals(100 * 0.01, score.score("p"), EPSILON);
        clock.advance(Duration.ofHours(1));
        assertEquals(600 * 0.01, score.score("p"), EPSILON);
    }

    @Test
    void firstDeliveriesAreCappedAndDecay() {
        PeerScore score = defaults();
        score.connected("p", null);
        for (int i = 0; i < 25; i++) {
            score.firstDelivery("p", id(i), TOPIC);
        }
        assertEquals(20, score.score("p"), EPSILON);
        score.decay();
        assertEquals(20 * 0.99, score.score("p"), EPSILON);
    }

    @Test
    void invalidMessagesCostTheSquareOfTheirCountAndDecayToZero() {
        PeerScore score = defaults();
        score.connected("p", null);
        score.invalidDelivery("p", TOPIC);
        score.invalidDelivery("p", TOPIC);
        assertEquals(-40, score.score("p"), EPSILON);
        for (int i = 0; i < 600; i++) {
            score.decay();
        }
        assertEquals(0, score.score("p"), EPSILON);
    }

    @Test
    void aMeshPeerBelowTheDeliveryThresholdPaysTheSquaredDeficitAndKeepsItAfterPrune() {
        TopicScoreParams topic = new TopicScoreParams(1,
                0, Duration.ofSeconds(1), 1,
                0, 0.5, 1,
                -1, 0.5, 4, 10, Duration.ofSeconds(5), Duration.ofMillis(10),
                -1, 0.5,
                -1, 0.5);
        PeerScoreParams params = new PeerScoreParams(Map.of(TOPIC, topic), TopicScoreParams.defaults(), 50,
                p -> 0, 1, -5, 8, -1, 0.99, Duration.ofSeconds(1), 0.01, Duration.ofMinutes(2));
        PeerScore score = new PeerScore(params, clock, Duration.ofMinutes(2));
        score.connected("p", null);
        score.connected("q", null);
        score.grafted("p", TOPIC);
        score.grafted("q", TOPIC);
        clock.advance(Duration.ofSeconds(4));
        assertEquals(0, score.score("p"), EPSILON, "no deficit before the activation time");

        clock.advance(Duration.ofSeconds(2));
        score.firstDelivery("p", id(1), TOPIC);
        clock.advance(Duration.ofMillis(5));
        score.duplicateDelivery("q", id(1), TOPIC);
        score.firstDelivery("q", id(2), TOPIC);
        clock.advance(Duration.ofMillis(50));
        score.duplicateDelivery("p", id(2), TOPIC);
        assertEquals(-9, score.score("p"), EPSILON, "one delivery, a late duplicate does not count: deficit 3");
        assertEquals(-4, score.score("q"), EPSILON, "a first and a near-first delivery: deficit 2");

        score.pruned("p", TOPIC);
        assertEquals(-9, score.score("p"), EPSILON, "the deficit became the sticky P3b");
        score.decay();
        assertEquals(-4.5, score.score("p"), EPSILON);
    }

    @Test
    void applicationScoreColocationAndBehaviourPenaltyApplyPeerWide() throws Exception {
        PeerScoreParams base = PeerScoreParams.defaults();
        PeerScoreParams params = new PeerScoreParams(base.topics(), base.defaultTopic(), base.topicScoreCap(),
                peer -> peer.equals("trusted") ? 15 : 0, 2, base.ipColocationFactorWeight(),
                base.ipColocationFactorThreshold(), base.behaviourPenaltyWeight(), base.behaviourPenaltyDecay(),
                base.decayInterval(), base.decayToZero(), base.retainScore());
        PeerScore score = new PeerScore(params, clock, Duration.ofMinutes(2));
        score.connected("trusted", null);
        assertEquals(30, score.score("trusted"), EPSILON);

        InetAddress shared = InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, 7});
        for (int i = 0; i < 10; i++) {
            score.connected("sybil" + i, shared);
        }
        assertEquals(-5 * 2 * 2, score.score("sybil0"), EPSILON, "two peers beyond the threshold of 8");
        for (int i = 0; i < 10; i++) {
            score.connected("local" + i, InetAddress.getLoopbackAddress());
        }
        assertEquals(0, score.score("local0"), EPSILON, "loopback is never colocated");

        score.addPenalty("local0", 3);
        assertEquals(-9, score.score("local0"), EPSILON);
    }

    @Test
    void topicContributionsAreCapped() {
        PeerScore score = defaults();
        score.connected("p", null);
        score.grafted("p", TOPIC);
        score.grafted("p", "u");
        score.grafted("p", "v");
        for (int i = 0; i < 20; i++) {
            score.firstDelivery("p", id(i), TOPIC);
            score.firstDelivery("p", id(100 + i), "u");
            score.firstDelivery("p", id(200 + i), "v");
        }
        assertEquals(50, score.score("p"), EPSILON);
    }

    @Test
    void aBadScoreOutlivesADisconnectionForTheRetentionTimeOnly() {
        PeerScore score = defaults();
        score.connected("bad", null);
        score.connected("good", null);
        score.invalidDelivery("bad", TOPIC);
        score.firstDelivery("good", id(1), TOPIC);
        score.disconnected("bad");
        score.disconnected("good");
        score.connected("bad", null);
        score.connected("good", null);
        assertEquals(-10, score.score("bad"), EPSILON, "reconnecting does not wash the score");
        assertEquals(0, score.score("good"), EPSILON, "a positive score is not kept");

        score.disconnected("bad");
        clock.advance(PeerScoreParams.defaults().retainScore().plusSeconds(1));
        score.decay();
        score.connected("bad", null);
        assertEquals(0, score.score("bad"), EPSILON);
    }

    private static ByteString id(int n) {
        return ByteString.copyFromUtf8("m" + n);
    }
}
