package org.aegis.transport.libp2p.pubsub;

import com.google.protobuf.ByteString;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The gossipsub v1.1 score each peer earns with us: the counters behind P₁–P₄ per topic and P₆, P₇ per peer,
 * their decay, and the score function over them. Counters of a disconnected peer with a non-positive score are
 * kept for {@link PeerScoreParams#retainScore()}, so that reconnecting does not wash a bad score clean.
 */
final class PeerScore {
    private final PeerScoreParams params;
    private final Clock clock;
    private final Duration deliveryRetention;
    private final Map<String, PeerStats> peers = new HashMap<>();
    private final Map<InetAddress, Set<String>> peersByAddress = new HashMap<>();
    /** First deliveries of valid messages, oldest first, for near-first mesh deliveries (P₃). */
    private final LinkedHashMap<ByteString, Delivery> deliveries = new LinkedHashMap<>();

    PeerScore(PeerScoreParams params, Clock clock, Duration deliveryRetention) {
        this.params = params;
        this.clock = clock;
        this.deliveryRetention = deliveryRetention;
    }

    /** A peer connected; {@code address} is null when the connection stack does not know it. */
    void connected(String peer, InetAddress address) {
        PeerStats stats = peers.computeIfAbsent(peer, p -> new PeerStats());
        stats.connected = true;
        stats.address = address;
        if (address != null && !address.isLoopbackAddress()) {
            peersByAddress.computeIfAbsent(address, a -> new HashSet<>()).add(peer);
        }
    }

    void disconnected(String peer) {
        PeerStats stats = peers.get(peer);
        if (stats == null) {
            return;
        }
        if (stats.address != null) {
            Set<String> colocated = peersByAddress.get(stats.address);
            if (colocated != null && colocated.remove(peer) && colocated.isEmpty()) {
                peersByAddress.remove(stats.address);
            }
        }
        if (score(peer) > 0) {
            peers.remove(peer);
            return;
        }
        stats.connected = false;
        stats.retainedUntil = clock.instant().plus(params.retainScore());
        stats.topics.values().forEach(topic -> topic.inMesh = false);
    }

    double score(String peer) {
        PeerStats stats = peers.get(peer);
        if (stats == null) {
            return 0;
        }
        Instant now = clock.instant();
        double topicsScore = 0;
        for (Map.Entry<String, TopicStats> entry : stats.topics.entrySet()) {
            TopicScoreParams topic = params.topic(entry.getKey());
            TopicStats t = entry.getValue();
            double score = 0;
            if (t.inMesh) {
                double p1 = (double) Duration.between(t.graftedAt, now).toNanos() / topic.timeInMeshQuantum().toNanos();
                score += Math.min(p1, topic.timeInMeshCap()) * topic.timeInMeshWeight();
            }
            score += t.firstMessageDeliveries * topic.firstMessageDeliveriesWeight();
            double deficit = meshDeliveryDeficit(t, topic, now);
            score += deficit * deficit * topic.meshMessageDeliveriesWeight();
            score += t.meshFailurePenalty * topic.meshFailurePenaltyWeight();
            score += t.invalidMessageDeliveries * t.invalidMessageDeliveries * topic.invalidMessageDeliveriesWeight();
            topicsScore += score * topic.topicWeight();
        }
        double score = Math.min(topicsScore, params.topicScoreCap());
        score += params.appSpecificScore().applyAsDouble(peer) * params.appSpecificWeight();
        if (stats.connected && stats.address != null) {
            Set<String> colocated = peersByAddress.get(stats.address);
            int surplus = colocated == null ? 0 : colocated.size() - params.ipColocationFactorThreshold();
            if (surplus > 0) {
                score += (double) surplus * surplus * params.ipColocationFactorWeight();
            }
        }
        score += stats.behaviourPenalty * stats.behaviourPenalty * params.behaviourPenaltyWeight();
        return score;
    }

    void grafted(String peer, String topic) {
        TopicStats t = topicStats(peer, topic);
        t.inMesh = true;
        t.graftedAt = clock.instant();
    }

    /** The peer left our mesh of {@code topic}; an active delivery deficit becomes the sticky P₃b penalty. */
    void pruned(String peer, String topic) {
        TopicStats t = topicStats(peer, topic);
        double deficit = meshDeliveryDeficit(t, params.topic(topic), clock.instant());
        t.meshFailurePenalty += deficit * deficit;
        t.inMesh = false;
    }

    void addPenalty(String peer, int count) {
        PeerStats stats = peers.get(peer);
        if (stats != null) {
            stats.behaviourPenalty += count;
        }
    }

    /** {@code peer} delivered a valid message first. */
    void firstDelivery(String peer, ByteString id, String topic) {
        TopicScoreParams params = this.params.topic(topic);
        TopicStats t = topicStats(peer, topic);
        t.firstMessageDeliveries = Math.min(t.firstMessageDeliveries + 1, params.firstMessageDeliveriesCap());
        if (t.inMesh) {
            t.meshMessageDeliveries = Math.min(t.meshMessageDeliveries + 1, params.meshMessageDeliveriesCap());
        }
        Delivery delivery = new Delivery(clock.instant());
        delivery.peers.add(peer);
        deliveries.put(id, delivery);
    }

    /** {@code peer} sent a message we had already seen; a mesh peer close behind the first still counts for P₃. */
    void duplicateDelivery(String peer, ByteString id, String topic) {
        Delivery delivery = deliveries.get(id);
        if (delivery == null || !delivery.peers.add(peer)) {
            return;
        }
        TopicScoreParams params = this.params.topic(topic);
        TopicStats t = topicStats(peer, topic);
        Duration late = Duration.between(delivery.firstAt, clock.instant());
        if (t.inMesh && late.compareTo(params.meshMessageDeliveriesWindow()) <= 0) {
            t.meshMessageDeliveries = Math.min(t.meshMessageDeliveries + 1, params.meshMessageDeliveriesCap());
        }
    }

    /** {@code peer} sent a message that failed validation (P₄). */
    void invalidDelivery(String peer, String topic) {
        topicStats(peer, topic).invalidMessageDeliveries += 1;
    }

    /** Decays every counter once and forgets retained peers and deliveries past their time. */
    void decay() {
        Instant now = clock.instant();
        double zero = params.decayToZero();
        Iterator<PeerStats> all = peers.values().iterator();
        while (all.hasNext()) {
            PeerStats stats = all.next();
            if (!stats.connected && stats.retainedUntil.isBefore(now)) {
                all.remove();
                continue;
            }
            for (Map.Entry<String, TopicStats> entry : stats.topics.entrySet()) {
                TopicScoreParams topic = params.topic(entry.getKey());
                TopicStats t = entry.getValue();
                t.firstMessageDeliveries = decayed(t.firstMessageDeliveries, topic.firstMessageDeliveriesDecay(), zero);
                t.meshMessageDeliveries = decayed(t.meshMessageDeliveries, topic.meshMessageDeliveriesDecay(), zero);
                t.meshFailurePenalty = decayed(t.meshFailurePenalty, topic.meshFailurePenaltyDecay(), zero);
                t.invalidMessageDeliveries =
                        decayed(t.invalidMessageDeliveries, topic.invalidMessageDeliveriesDecay(), zero);
            }
            stats.behaviourPenalty = decayed(stats.behaviourPenalty, params.behaviourPenaltyDecay(), zero);
        }
        Instant cutoff = now.minus(deliveryRetention);
        Iterator<Delivery> oldestFirst = deliveries.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().firstAt.isBefore(cutoff)) {
            oldestFirst.remove();
        }
    }

    private static double decayed(double value, double decay, double zero) {
        double next = value * decay;
        return next < zero ? 0 : next;
    }

    private static double meshDeliveryDeficit(TopicStats t, TopicScoreParams topic, Instant now) {
        boolean active = t.inMesh
                && Duration.between(t.graftedAt, now).compareTo(topic.meshMessageDeliveriesActivation()) > 0;
        return active && t.meshMessageDeliveries < topic.meshMessageDeliveriesThreshold()
                ? topic.meshMessageDeliveriesThreshold() - t.meshMessageDeliveries
                : 0;
    }

    private TopicStats topicStats(String peer, String topic) {
        return peers.computeIfAbsent(peer, p -> new PeerStats()).topics.computeIfAbsent(topic, k -> new TopicStats());
    }

    private static final class PeerStats {
        boolean connected;
        Instant retainedUntil = Instant.MIN;
        InetAddress address;
        double behaviourPenalty;
        final Map<String, TopicStats> topics = new HashMap<>();
    }

    private static final class TopicStats {
        boolean inMesh;
        Instant graftedAt = Instant.MIN;
        double firstMessageDeliveries;
        double meshMessageDeliveries;
        double meshFailurePenalty;
        double invalidMessageDeliveries;
    }

    private static final class Delivery {
        final Instant firstAt;
        final Set<String> peers = new HashSet<>();

        Delivery(Instant firstAt) {
            this.firstAt = firstAt;
        }
    }
}
