package org.aegis.transport.libp2p.pubsub;

import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of the gossipsub v1.1 router, with the specs' defaults ({@link #defaults()}). The constructor rejects
 * an inconsistent combination with an {@link IllegalArgumentException} naming the field.
 *
 * @param d                        desired mesh degree (6)
 * @param dLow                     below it the heartbeat grafts (5)
 * @param dHigh                    above it the heartbeat prunes (12)
 * @param dScore                   peers kept by score when pruning an oversubscribed mesh (4)
 * @param dOut                     outbound peers kept in every mesh; below dLow and at most d/2, or 0 (2)
 * @param dLazy                    minimum number of peers that receive gossip per topic (6)
 * @param gossipFactor             share of eligible peers that receive gossip, at least dLazy (0.25)
 * @param heartbeatInterval        time between heartbeats (1 s)
 * @param fanoutTtl                fanout state of a topic we stopped publishing to is dropped after it (60 s)
 * @param mcacheLength             heartbeats of history in the message cache (5)
 * @param mcacheGossip             heartbeats of history advertised in IHAVE (3)
 * @param seenTtl                  how long a message id is remembered as seen (2 min)
 * @param pruneBackoff             no re-graft with a pruned peer before it (1 min)
 * @param unsubscribeBackoff       backoff announced when we leave a topic (10 s)
 * @param floodPublish             own messages go to every topic peer above the publish threshold (true)
 * @param gossipRetransmission     times a message is sent to one peer in answer to IWANT (3)
 * @param maxIHaveLength           message ids accepted from and asked of one peer per heartbeat, and advertised
 *                                 in one IHAVE (5000)
 * @param maxIHaveMessages         IHAVE messages accepted from one peer per heartbeat (10)
 * @param iwantFollowupTime        time a peer has to deliver a message it advertised and we asked for (3 s)
 * @param opportunisticGraftTicks  heartbeats between opportunistic grafting rounds (60)
 * @param opportunisticGraftPeers  peers grafted in one opportunistic round (2)
 * @param maxRpcSize               largest RPC accepted or sent, in bytes (1 MiB, the spec's message limit)
 * @param maxSubscriptionsPerRpc   subscription changes accepted in one RPC (100)
 * @param maxMessagesPerRpc        messages accepted in one RPC (512)
 * @param maxControlEntriesPerRpc  GRAFT, PRUNE, IHAVE and IWANT entries accepted in one RPC (1024)
 * @param maxTopicsPerPeer         topics one peer may be subscribed to before further ones are ignored (1024)
 * @param maxTopicLength           longest topic name accepted, in UTF-8 bytes (256)
 * @param maxPendingRpcs           received RPCs waiting for the router before new ones are dropped (4096)
 * @param scoreParams              peer score parameters
 * @param thresholds               peer score thresholds
 */
public record GossipConfig(
        int d, int dLow, int dHigh, int dScore, int dOut, int dLazy, double gossipFactor,
        Duration heartbeatInterval, Duration fanoutTtl, int mcacheLength, int mcacheGossip, Duration seenTtl,
        Duration pruneBackoff, Duration unsubscribeBackoff, boolean floodPublish,
        int gossipRetransmission, int maxIHaveLength, int maxIHaveMessages, Duration iwantFollowupTime,
        int opportunisticGraftTicks, int opportunisticGraftPeers,
        int maxRpcSize, int maxSubscriptionsPerRpc, int maxMessagesPerRpc, int maxControlEntriesPerRpc,
        int maxTopicsPerPeer, int maxTopicLength, int maxPendingRpcs,
        PeerScoreParams scoreParams, PeerScoreThresholds thresholds) {

    /** The protocol id this router speaks. */
    public static final String PROTOCOL_ID = "/meshsub/1.1.0";

    /** The specs' defaults, listed with each component. */
    public static GossipConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public GossipConfig {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(fanoutTtl, "fanoutTtl");
        Objects.requireNonNull(seenTtl, "seenTtl");
        Objects.requireNonNull(pruneBackoff, "pruneBackoff");
        Objects.requireNonNull(unsubscribeBackoff, "unsubscribeBackoff");
        Objects.requireNonNull(iwantFollowupTime, "iwantFollowupTime");
        Objects.requireNonNull(scoreParams, "scoreParams");
        Objects.requireNonNull(thresholds, "thresholds");
        Checks.require(d >= 0, "d must be >= 0, was " + d);
        Checks.require(dLow >= 0 && dLow <= d, "dLow must be in [0, d=" + d + "], was " + dLow);
        Checks.require(dHigh >= d, "dHigh must be >= d=" + d + ", was " + dHigh);
        Checks.require(dScore >= 0 && dScore <= d, "dScore must be in [0, d=" + d + "], was " + dScore);
        Checks.require(dOut == 0 || (dOut > 0 && dOut < dLow && dOut <= d / 2),
                "dOut must be 0 or below dLow=" + dLow + " and at most d/2=" + d / 2 + ", was " + dOut);
        Checks.require(dLazy >= 0, "dLazy must be >= 0, was " + dLazy);
        Checks.require(gossipFactor >= 0 && gossipFactor <= 1, "gossipFactor must be in [0, 1], was " + gossipFactor);
        Checks.positive(heartbeatInterval, "heartbeatInterval");
        Checks.positive(fanoutTtl, "fanoutTtl");
        Checks.require(mcacheLength >= 1, "mcacheLength must be >= 1, was " + mcacheLength);
        Checks.require(mcacheGossip >= 1 && mcacheGossip <= mcacheLength,
                "mcacheGossip must be in [1, mcacheLength=" + mcacheLength + "], was " + mcacheGossip);
        Checks.positive(seenTtl, "seenTtl");
        Checks.positive(pruneBackoff, "pruneBackoff");
        Checks.positive(unsubscribeBackoff, "unsubscribeBackoff");
        Checks.require(gossipRetransmission >= 1, "gossipRetransmission must be >= 1, was " + gossipRetransmission);
        Checks.require(maxIHaveLength >= 1, "maxIHaveLength must be >= 1, was " + maxIHaveLength);
        Checks.require(maxIHaveMessages >= 1, "maxIHaveMessages must be >= 1, was " + maxIHaveMessages);
        Checks.positive(iwantFollowupTime, "iwantFollowupTime");
        Checks.require(opportunisticGraftTicks >= 1,
                "opportunisticGraftTicks must be >= 1, was " + opportunisticGraftTicks);
        Checks.require(opportunisticGraftPeers >= 0,
                "opportunisticGraftPeers must be >= 0, was " + opportunisticGraftPeers);
        Checks.require(maxRpcSize >= 1024, "maxRpcSize must be >= 1024 bytes, was " + maxRpcSize);
        Checks.require(maxSubscriptionsPerRpc >= 1,
                "maxSubscriptionsPerRpc must be >= 1, was " + maxSubscriptionsPerRpc);
        Checks.require(maxMessagesPerRpc >= 1, "maxMessagesPerRpc must be >= 1, was " + maxMessagesPerRpc);
        Checks.require(maxControlEntriesPerRpc >= 1,
                "maxControlEntriesPerRpc must be >= 1, was " + maxControlEntriesPerRpc);
        Checks.require(maxTopicsPerPeer >= 1, "maxTopicsPerPeer must be >= 1, was " + maxTopicsPerPeer);
        Checks.require(maxTopicLength >= 1, "maxTopicLength must be >= 1, was " + maxTopicLength);
        Checks.require(maxPendingRpcs >= 1, "maxPendingRpcs must be >= 1, was " + maxPendingRpcs);
    }

    /** A copy of this configuration to change a few fields of; {@link Builder#build()} validates the result. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects the fields of a {@link GossipConfig}, starting from the defaults. */
    public static final class Builder {
        private int d = 6;
        private int dLow = 5;
        private int dHigh = 12;
        private int dScore = 4;
        private int dOut = 2;
        private int dLazy = 6;
        private double gossipFactor = 0.25;
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration fanoutTtl = Duration.ofSeconds(60);
        private int mcacheLength = 5;
        private int mcacheGossip = 3;
        private Duration seenTtl = Duration.ofMinutes(2);
        private Duration pruneBackoff = Duration.ofMinutes(1);
        private Duration unsubscribeBackoff = Duration.ofSeconds(10);
        private boolean floodPublish = true;
        private int gossipRetransmission = 3;
        private int maxIHaveLength = 5000;
        private int maxIHaveMessages = 10;
        private Duration iwantFollowupTime = Duration.ofSeconds(3);
        private int opportunisticGraftTicks = 60;
        private int opportunisticGraftPeers = 2;
        private int maxRpcSize = 1 << 20;
        private int maxSubscriptionsPerRpc = 100;
        private int maxMessagesPerRpc = 512;
        private int maxControlEntriesPerRpc = 1024;
        private int maxTopicsPerPeer = 1024;
        private int maxTopicLength = 256;
        private int maxPendingRpcs = 4096;
        private PeerScoreParams scoreParams = PeerScoreParams.defaults();
        private PeerScoreThresholds thresholds = PeerScoreThresholds.defaults();

        private Builder() {
        }

        private Builder(GossipConfig c) {
            d = c.d; dLow = c.dLow; dHigh = c.dHigh; dScore = c.dScore; dOut = c.dOut; dLazy = c.dLazy;
            gossipFactor = c.gossipFactor; heartbeatInterval = c.heartbeatInterval; fanoutTtl = c.fanoutTtl;
            mcacheLength = c.mcacheLength; mcacheGossip = c.mcacheGossip; seenTtl = c.seenTtl;
            pruneBackoff = c.pruneBackoff; unsubscribeBackoff = c.unsubscribeBackoff; floodPublish = c.floodPublish;
            gossipRetransmission = c.gossipRetransmission; maxIHaveLength = c.maxIHaveLength;
            maxIHaveMessages = c.maxIHaveMessages; iwantFollowupTime = c.iwantFollowupTime;
            opportunisticGraftTicks = c.opportunisticGraftTicks; opportunisticGraftPeers = c.opportunisticGraftPeers;
            maxRpcSize = c.maxRpcSize; maxSubscriptionsPerRpc = c.maxSubscriptionsPerRpc;
            maxMessagesPerRpc = c.maxMessagesPerRpc; maxControlEntriesPerRpc = c.maxControlEntriesPerRpc;
            maxTopicsPerPeer = c.maxTopicsPerPeer; maxTopicLength = c.maxTopicLength;
            maxPendingRpcs = c.maxPendingRpcs; scoreParams = c.scoreParams; thresholds = c.thresholds;
        }

        /** Sets the mesh degree and its bounds together, since they are validated against each other. */
        public Builder mesh(int d, int dLow, int dHigh, int dScore, int dOut) {
            this.d = d;
            this.dLow = dLow;
            this.dHigh = dHigh;
            this.dScore = dScore;
            this.dOut = dOut;
            return this;
        }

        public Builder gossip(int dLazy, double gossipFactor) {
            this.dLazy = dLazy;
            this.gossipFactor = gossipFactor;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            heartbeatInterval = value;
            return this;
        }

        public Builder fanoutTtl(Duration value) {
            fanoutTtl = value;
            return this;
        }

        public Builder messageCache(int length, int gossip) {
            mcacheLength = length;
            mcacheGossip = gossip;
            return this;
        }

        public Builder seenTtl(Duration value) {
            seenTtl = value;
            return this;
        }

        public Builder backoff(Duration prune, Duration unsubscribe) {
            pruneBackoff = prune;
            unsubscribeBackoff = unsubscribe;
            return this;
        }

        public Builder floodPublish(boolean value) {
            floodPublish = value;
            return this;
        }

        public Builder gossipLimits(int retransmission, int iHaveLength, int iHaveMessages, Duration followup) {
            gossipRetransmission = retransmission;
            maxIHaveLength = iHaveLength;
            maxIHaveMessages = iHaveMessages;
            iwantFollowupTime = followup;
            return this;
        }

        public Builder opportunisticGraft(int ticks, int peers) {
            opportunisticGraftTicks = ticks;
            opportunisticGraftPeers = peers;
            return this;
        }

        public Builder rpcLimits(int rpcSize, int subscriptions, int messages, int controlEntries) {
            maxRpcSize = rpcSize;
            maxSubscriptionsPerRpc = subscriptions;
            maxMessagesPerRpc = messages;
            maxControlEntriesPerRpc = controlEntries;
            return this;
        }

        public Builder peerLimits(int topicsPerPeer, int topicLength, int pendingRpcs) {
            maxTopicsPerPeer = topicsPerPeer;
            maxTopicLength = topicLength;
            maxPendingRpcs = pendingRpcs;
            return this;
        }

        public Builder score(PeerScoreParams params, PeerScoreThresholds scoreThresholds) {
            scoreParams = params;
            thresholds = scoreThresholds;
            return this;
        }

        public GossipConfig build() {
            return new GossipConfig(d, dLow, dHigh, dScore, dOut, dLazy, gossipFactor,
                    heartbeatInterval, fanoutTtl, mcacheLength, mcacheGossip, seenTtl,
                    pruneBackoff, unsubscribeBackoff, floodPublish,
                    gossipRetransmission, maxIHaveLength, maxIHaveMessages, iwantFollowupTime,
                    opportunisticGraftTicks, opportunisticGraftPeers,
                    maxRpcSize, maxSubscriptionsPerRpc, maxMessagesPerRpc, maxControlEntriesPerRpc,
                    maxTopicsPerPeer, maxTopicLength, maxPendingRpcs, scoreParams, thresholds);
        }
    }
}
