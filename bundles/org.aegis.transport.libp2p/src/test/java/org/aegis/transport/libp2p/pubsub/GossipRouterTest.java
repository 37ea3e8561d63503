package org.aegis.transport.libp2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.aegis.transport.libp2p.TestIdentity;
import org.aegis.transport.libp2p.proto.Rpc;
import org.aegis.transport.libp2p.pubsub.GossipNetwork.Node;
import org.aegis.transport.libp2p.pubsub.GossipNetwork.RawPeer;
import org.junit.jupiter.api.Test;

class GossipRouterTest {
    private static final String TOPIC = "aegis/metrics/1";

    @Test
    void everySubscriberOfARandomGraphReceivesEveryMessageOnce() {
        try (GossipNetwork net = new GossipNetwork(16, GossipConfig.defaults(), 1)) {
            net.connectRandomly(3);
            net.nodes.forEach(node -> node.subscribe(TOPIC));
            net.heartbeats(3);

            for (int i = 0; i < 5; i++) {
                net.node(i * 3).publish(TOPIC, "message " + i);
            }
            net.heartbeats(1);

            for (int n = 0; n < net.nodes.size(); n++) {
                Node node = net.node(n);
                Set<String> expected = new HashSet<>(Set.of("message 0", "message 1", "message 2", "message 3", "message 4"));
                if (n % 3 == 0 && n / 3 < 5) {
                    expected.remove("message " + n / 3); // a node does not hear its own message
                }
                assertEquals(expected, Set.copyOf(node.texts(TOPIC)), node.id());
                assertEquals(expected.size(), node.texts(TOPIC).size(), "each message exactly once at " + node.id());
            }
            assertTrue(net.nodes.stream().mapToLong(node -> node.snapshot().duplicateMessages()).sum() > 0,
                    "the mesh carries duplicates that the seen cache suppressed");
        }
    }

    @Test
    void meshDegreeStaysWithinBoundsAfterHeartbeats() {
        GossipConfig config = GossipConfig.defaults();
        try (GossipNetwork net = new GossipNetwork(20, config, 2)) {
            net.connectFully();
            net.nodes.forEach(node -> node.subscribe(TOPIC));
            // a node's heartbeat may prune a peer below dLow until that peer's own next heartbeat: let joins settle
            net.heartbeats(2);
            for (int round = 0; round < 5; round++) {
                net.heartbeats(1);
                for (Node node : net.nodes) {
                    int degree = node.snapshot().mesh().get(TOPIC).size();
                    assertTrue(degree >= config.dLow() && degree <= config.dHigh(),
                            "mesh degree " + degree + " of " + node.id() + " after heartbeat " + round);
                }
            }
            for (Node node : net.nodes) {
                for (String peer : node.snapshot().mesh().get(TOPIC)) {
                    Node other = net.nodes.stream().filter(n -> n.id().equals(peer)).findFirst().orElseThrow();
                    assertTrue(other.snapshot().mesh().get(TOPIC).contains(node.id()), "mesh links are mutual");
                }
            }
        }
    }

    @Test
    void publishingWithoutSubscribingUsesFanoutThenSubscribingGraftsIt() {
        GossipConfig config = GossipConfig.defaults().toBuilder().floodPublish(false).build();
        try (GossipNetwork net = new GossipNetwork(9, config, 3)) {
            Node publisher = net.node(0);
            for (int i = 1; i < 9; i++) {
                net.connect(publisher, net.node(i));
                net.node(i).subscribe(TOPIC);
            }
            net.heartbeats(1);

            publisher.publish(TOPIC, "via fanout");
            Set<String> fanout = publisher.snapshot().fanout().get(TOPIC);
            assertEquals(config.d(), fanout.size());
            long direct = net.nodes.stream().skip(1).filter(n -> n.links.get(publisher.id()) != null)
                    .filter(n -> !publisher.links.get(n.id()).sent.stream()
                            .filter(rpc -> rpc.getPublishCount() > 0).toList().isEmpty())
                    .count();
            assertEquals(config.d(), direct, "only the fanout peers get the message from the publisher");
            assertTrue(publisher.snapshot().mesh().isEmpty());

            publisher.subscribe(TOPIC);
            GossipSnapshot after = publisher.snapshot();
            assertFalse(after.fanout().containsKey(TOPIC), "the fanout became the mesh");
            assertEquals(fanout, after.mesh().get(TOPIC));
            for (String peer : fanout) {
                Node member = net.nodes.stream().filter(n -> n.id().equals(peer)).findFirst().orElseThrow();
                assertTrue(member.snapshot().mesh().get(TOPIC).contains(publisher.id()), "GRAFT accepted by " + peer);
            }
        }
    }

    @Test
    void fanoutStateExpiresAfterItsTtl() {
        GossipConfig config = GossipConfig.defaults().toBuilder().floodPublish(false).build();
        try (GossipNetwork net = new GossipNetwork(3, config, 4)) {
            net.connect(net.node(0), net.node(1));
            net.connect(net.node(0), net.node(2));
            net.node(1).subscribe(TOPIC);
            net.node(2).subscribe(TOPIC);
            net.node(0).publish(TOPIC, "once");
            assertTrue(net.node(0).snapshot().fanout().containsKey(TOPIC));
            net.scheduler.runFor(config.fanoutTtl().plusSeconds(2));
            assertFalse(net.node(0).snapshot().fanout().containsKey(TOPIC));
        }
    }

    @Test
    void gossipRecoversAMessageTheMeshLinksLost() {
        GossipConfig config = GossipConfig.defaults().toBuilder().floodPublish(false).mesh(3, 2, 4, 2, 1).build();
        try (GossipNetwork net = new GossipNetwork(10, config, 5)) {
            net.connectFully();
            net.nodes.forEach(node -> node.subscribe(TOPIC));
            net.heartbeats(3);
            Node target = net.node(9);
            Set<String> targetMesh = target.snapshot().mesh().get(TOPIC);
            assertTrue(targetMesh.size() < 9, "some neighbours are outside the target's mesh");
            for (Node node : net.nodes) {
                if (targetMesh.contains(node.id())) {
                    node.links.get(target.id()).lose = rpc -> rpc.getPublishCount() > 0;
                }
            }
            Node publisher = net.nodes.stream().filter(n -> n != target && !targetMesh.contains(n.id()))
                    .findFirst().orElseThrow();

            publisher.publish(TOPIC, "lost on the mesh");
            assertEquals(List.of(), target.texts(TOPIC), "the mesh links lost the message");
            assertTrue(net.nodes.stream().filter(n -> targetMesh.contains(n.id()))
                    .mapToInt(n -> n.links.get(target.id()).lost).sum() > 0);

            net.heartbeats(1);
            assertEquals(List.of("lost on the mesh"), target.texts(TOPIC));
            assertTrue(target.links.values().stream().flatMap(link -> link.sent.stream())
                    .anyMatch(rpc -> rpc.hasControl() && rpc.getControl().getIwantCount() > 0), "recovered by IWANT");
        }
    }

    @Test
    void aReplayedMessageIsDeliveredOnce() {
        try (GossipNetwork net = new GossipNetwork(1, GossipConfig.defaults(), 6)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            RawPeer peer = net.rawPeer(100, node);
            Rpc.RPC rpc = Rpc.RPC.newBuilder().addPublish(peer.signed(TOPIC, "hello")).build();
            peer.send(rpc);
            peer.send(rpc);
            peer.send(rpc);
            assertEquals(List.of("hello"), node.texts(TOPIC));
            assertEquals(peer.id(), node.received.get(0).from());
            assertEquals(2, node.snapshot().duplicateMessages());
            assertEquals(2, node.router.duplicateMessages());
            assertEquals(1, node.router.deliveredMessages());
        }
    }

    @Test
    void invalidSignaturesAreDroppedAndScoredDown() {
        try (GossipNetwork net = new GossipNetwork(1, GossipConfig.defaults(), 7)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            RawPeer peer = net.rawPeer(101, node);
            Rpc.Message good = peer.signed(TOPIC, "original");
            Rpc.Message tampered = good.toBuilder().setData(ByteString.copyFromUtf8("forged")).build();
            peer.send(Rpc.RPC.newBuilder().addPublish(tampered).build());

            assertEquals(List.of(), node.texts(TOPIC));
            assertEquals(1, node.snapshot().invalidMessages());
            assertTrue(peer.score() < 0, "score " + peer.score());

            Rpc.Message unsigned = peer.signed(TOPIC, "unsigned").toBuilder().clearSignature().build();
            Rpc.Message foreignKey = peer.signed(TOPIC, "wrong key").toBuilder()
                    .setKey(ByteString.copyFrom(new TestIdentity(55).publicKey())).build();
            peer.send(Rpc.RPC.newBuilder().addPublish(unsigned).addPublish(foreignKey).build());
            assertEquals(List.of(), node.texts(TOPIC));
            assertEquals(3, node.snapshot().invalidMessages());
        }
    }

    @Test
    void aPeerThatKeepsSendingInvalidMessagesIsGraylisted() {
        try (GossipNetwork net = new GossipNetwork(1, GossipConfig.defaults(), 8)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            RawPeer peer = net.rawPeer(102, node);
            for (int i = 0; i < 3; i++) {
                Rpc.Message bad = peer.signed(TOPIC, "bad " + i).toBuilder()
                        .setSignature(ByteString.copyFrom(new byte[64])).build();
                peer.send(Rpc.RPC.newBuilder().addPublish(bad).build());
            }
            assertTrue(peer.score() < GossipConfig.defaults().thresholds().graylistThreshold(), "" + peer.score());

            peer.send(Rpc.RPC.newBuilder().addPublish(peer.signed(TOPIC, "valid but ignored")).build());
            assertEquals(List.of(), node.texts(TOPIC));
            assertEquals(1, node.snapshot().graylistedRpcs());
        }
    }

    @Test
    void pruneBackoffIsRespectedAndAnEarlyGraftIsPenalised() {
        GossipConfig config = GossipConfig.defaults();
        try (GossipNetwork net = new GossipNetwork(1, config, 9)) {
            Node node = net.node(0);
            RawPeer peer = net.rawPeer(103, node);
            peer.send(Rpc.RPC.newBuilder().addSubscriptions(sub(TOPIC)).build());
            node.subscribe(TOPIC);
            assertTrue(node.snapshot().mesh().get(TOPIC).contains(peer.id()), "grafted on join");

            peer.send(Rpc.RPC.newBuilder().setControl(Rpc.ControlMessage.newBuilder()
                    .addPrune(Rpc.ControlPrune.newBuilder().setTopicID(TOPIC).setBackoff(30))).build());
            assertFalse(node.snapshot().mesh().get(TOPIC).contains(peer.id()));
            int graftsBefore = grafts(peer);
            net.heartbeats(30);
            assertEquals(graftsBefore, grafts(peer), "no GRAFT while the peer's backoff runs");
            assertFalse(node.snapshot().mesh().get(TOPIC).contains(peer.id()));
            net.heartbeats(2);
            assertEquals(graftsBefore + 1, grafts(peer), "grafted again once the backoff ended");
            assertTrue(node.snapshot().mesh().get(TOPIC).contains(peer.id()));

            // now the router prunes the peer (by leaving) and the peer grafts back at once
            double before = peer.score();
            node.router.subscribe("other", m -> { }).close();
            peer.send(Rpc.RPC.newBuilder().setControl(Rpc.ControlMessage.newBuilder()
                    .addPrune(Rpc.ControlPrune.newBuilder().setTopicID(TOPIC).setBackoff(60))).build());
            peer.send(Rpc.RPC.newBuilder().setControl(Rpc.ControlMessage.newBuilder()
                    .addGraft(Rpc.ControlGraft.newBuilder().setTopicID(TOPIC))).build());
            assertFalse(node.snapshot().mesh().get(TOPIC).contains(peer.id()), "GRAFT during backoff refused");
            Rpc.ControlPrune answer = peer.controls().get(peer.controls().size() - 1).getPrune(0);
            assertEquals(TOPIC, answer.getTopicID());
            assertEquals(config.pruneBackoff().toSeconds(), answer.getBackoff());
            assertTrue(peer.score() < before, "penalised: " + before + " -> " + peer.score());
        }
    }

    @Test
    void aGraftForATopicWeAreNotInIsIgnored() {
        try (GossipNetwork net = new GossipNetwork(1, GossipConfig.defaults(), 10)) {
            Node node = net.node(0);
            RawPeer peer = net.rawPeer(104, node);
            peer.send(Rpc.RPC.newBuilder().setControl(Rpc.ControlMessage.newBuilder()
                    .addGraft(Rpc.ControlGraft.newBuilder().setTopicID("unknown"))).build());
            assertTrue(peer.inbox.isEmpty(), "no PRUNE answer to spam");
            assertTrue(node.snapshot().mesh().isEmpty());
        }
    }

    @Test
    void fullOutboundQueuesNeitherBlockNorStopDeliveryToOthers() {
        try (GossipNetwork net = new GossipNetwork(4, GossipConfig.defaults(), 11)) {
            net.connectFully();
            net.nodes.forEach(node -> node.subscribe(TOPIC));
            net.heartbeats(1);
            Node publisher = net.node(0);
            publisher.links.get(net.node(1).id()).full = true;
            net.node(2).links.get(net.node(1).id()).full = true;
            net.node(3).links.get(net.node(1).id()).full = true;

            for (int i = 0; i < 50; i++) {
                publisher.publish(TOPIC, "m" + i);
            }
            assertEquals(50, net.node(2).texts(TOPIC).size());
            assertEquals(50, net.node(3).texts(TOPIC).size());
            assertEquals(0, net.node(1).texts(TOPIC).size());
            assertTrue(publisher.snapshot().droppedOutbound() >= 50);
        }
    }

    @Test
    void aSenderThatThrowsIsCountedAndTheRouterCarriesOn() {
        try (GossipNetwork net = new GossipNetwork(2, GossipConfig.defaults(), 12)) {
            net.connect(net.node(0), net.node(1));
            net.node(0).router.peerConnected("12D3KooWBroken", rpc -> {
                throw new IllegalStateException("channel closed");
            });
            net.node(1).subscribe(TOPIC);
            net.node(0).subscribe(TOPIC);
            net.heartbeats(1);
            net.node(0).publish(TOPIC, "still delivered");
            assertEquals(List.of("still delivered"), net.node(1).texts(TOPIC));
        }
    }

    @Test
    void malformedRpcsAreDroppedCountedAndPenalised() {
        GossipConfig config = GossipConfig.defaults();
        try (GossipNetwork net = new GossipNetwork(1, config, 13)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            RawPeer peer = net.rawPeer(105, node);
            peer.sendBytes(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
            peer.sendBytes(new byte[config.maxRpcSize() + 1]);
            Rpc.RPC.Builder tooMany = Rpc.RPC.newBuilder();
            for (int i = 0; i <= config.maxSubscriptionsPerRpc(); i++) {
                tooMany.addSubscriptions(sub("t" + i));
            }
            peer.send(tooMany.build());
            peer.send(Rpc.RPC.newBuilder().addSubscriptions(sub("x".repeat(config.maxTopicLength() + 1))).build());

            GossipSnapshot snapshot = node.snapshot();
            assertEquals(4, snapshot.malformedRpcs());
            assertEquals(Set.of(), snapshot.peerTopics().get(peer.id()), "nothing of a malformed RPC is applied");
            assertTrue(peer.score() < 0);
        }
    }

    @Test
    void ownMessagesDoNotComeBackAndTooLargeOnesFail() {
        GossipConfig config = GossipConfig.defaults();
        try (GossipNetwork net = new GossipNetwork(1, config, 14)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            node.publish(TOPIC, "to myself");
            assertEquals(List.of(), node.texts(TOPIC));

            CompletableFuture<Void> tooLarge = node.router.publish(TOPIC, new byte[config.maxRpcSize()])
                    .toCompletableFuture();
            net.scheduler.runUntilIdle();
            assertTrue(tooLarge.isCompletedExceptionally());
        }
    }

    @Test
    void brokenIWantPromisesArePenalised() {
        GossipConfig config = GossipConfig.defaults();
        try (GossipNetwork net = new GossipNetwork(1, config, 15)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            RawPeer peer = net.rawPeer(106, node);
            ByteString advertised = ByteString.copyFromUtf8("a message that never comes");
            peer.send(Rpc.RPC.newBuilder().setControl(Rpc.ControlMessage.newBuilder().addIhave(
                    Rpc.ControlIHave.newBuilder().setTopicID(TOPIC).addMessageIDs(advertised))).build());
            assertEquals(List.of(advertised), peer.controls().get(0).getIwant(0).getMessageIDsList());
            double before = peer.score();
            net.scheduler.runFor(config.iwantFollowupTime().plusSeconds(1));
            assertTrue(peer.score() < before, "broken promise penalised: " + before + " -> " + peer.score());
        }
    }

    @Test
    void unsubscribingPrunesTheMeshWithTheUnsubscribeBackoff() {
        GossipConfig config = GossipConfig.defaults();
        try (GossipNetwork net = new GossipNetwork(1, config, 16)) {
            Node node = net.node(0);
            RawPeer peer = net.rawPeer(107, node);
            peer.send(Rpc.RPC.newBuilder().addSubscriptions(sub(TOPIC)).build());
            var registration = node.router.subscribe(TOPIC, m -> { });
            net.scheduler.runUntilIdle();
            registration.close();
            net.scheduler.runUntilIdle();
            Rpc.ControlPrune prune = peer.controls().get(peer.controls().size() - 1).getPrune(0);
            assertEquals(config.unsubscribeBackoff().toSeconds(), prune.getBackoff());
            assertTrue(peer.inbox.stream().flatMap(rpc -> rpc.getSubscriptionsList().stream())
                    .anyMatch(sub -> sub.getTopicid().equals(TOPIC) && !sub.getSubscribe()),
                    "unsubscription announced");
            assertTrue(node.snapshot().subscriptions().isEmpty());
        }
    }

    @Test
    void closingStopsTheHeartbeatAndRejectsPublishing() {
        try (GossipNetwork net = new GossipNetwork(1, GossipConfig.defaults(), 17)) {
            Node node = net.node(0);
            node.router.close();
            CompletableFuture<Void> publish = node.router.publish(TOPIC, new byte[1]).toCompletableFuture();
            net.scheduler.runUntilIdle();
            assertTrue(publish.isCompletedExceptionally());
            net.heartbeats(5);
        }
    }

    @Test
    void theHeartbeatFillsTheOutboundQuotaOfAMeshOfInboundPeers() {
        GossipConfig config = GossipConfig.defaults();
        try (GossipNetwork net = new GossipNetwork(1, config, 18)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            for (int i = 0; i < 8; i++) {
                RawPeer inbound = net.rawPeer(200 + i, node);
                inbound.send(Rpc.RPC.newBuilder().addSubscriptions(sub(TOPIC)).setControl(Rpc.ControlMessage
                        .newBuilder().addGraft(Rpc.ControlGraft.newBuilder().setTopicID(TOPIC))).build());
            }
            List<RawPeer> outbound = List.of(net.rawPeer(300, node, Direction.OUTBOUND),
                    net.rawPeer(301, node, Direction.OUTBOUND));
            outbound.forEach(peer -> peer.send(Rpc.RPC.newBuilder().addSubscriptions(sub(TOPIC)).build()));
            assertEquals(8, node.snapshot().mesh().get(TOPIC).size());

            net.heartbeats(1);
            Set<String> mesh = node.snapshot().mesh().get(TOPIC);
            for (RawPeer peer : outbound) {
                assertTrue(mesh.contains(peer.id()), "outbound peer grafted for the dOut quota");
                assertEquals(1, grafts(peer));
            }
        }
    }

    @Test
    void aMeshWithALowMedianScoreGraftsBetterPeersOpportunistically() {
        Set<String> good = Set.of(new TestIdentity(400).peerId(), new TestIdentity(401).peerId());
        PeerScoreParams base = PeerScoreParams.defaults();
        PeerScoreParams params = new PeerScoreParams(base.topics(), base.defaultTopic(), base.topicScoreCap(),
                peer -> good.contains(peer) ? 5 : 0, 1, base.ipColocationFactorWeight(),
                base.ipColocationFactorThreshold(), base.behaviourPenaltyWeight(), base.behaviourPenaltyDecay(),
                base.decayInterval(), base.decayToZero(), base.retainScore());
        GossipConfig config = GossipConfig.defaults().toBuilder()
                .score(params, PeerScoreThresholds.defaults()).opportunisticGraft(1, 2).build();
        try (GossipNetwork net = new GossipNetwork(1, config, 19)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            for (int i = 0; i < 6; i++) {
                net.rawPeer(210 + i, node).send(Rpc.RPC.newBuilder().addSubscriptions(sub(TOPIC))
                        .setControl(Rpc.ControlMessage.newBuilder()
                                .addGraft(Rpc.ControlGraft.newBuilder().setTopicID(TOPIC))).build());
            }
            List<RawPeer> better = List.of(net.rawPeer(400, node), net.rawPeer(401, node), net.rawPeer(402, node));
            better.forEach(peer -> peer.send(Rpc.RPC.newBuilder().addSubscriptions(sub(TOPIC)).build()));

            net.heartbeats(1);
            Set<String> mesh = node.snapshot().mesh().get(TOPIC);
            assertEquals(8, mesh.size());
            assertTrue(mesh.containsAll(good), "the two peers above the median were grafted");
            assertFalse(mesh.contains(better.get(2).id()), "a peer at the median is not");
        }
    }

    @Test
    void gossipOfAPeerBelowTheGossipThresholdIsIgnored() {
        try (GossipNetwork net = new GossipNetwork(1, GossipConfig.defaults(), 20)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            RawPeer peer = net.rawPeer(108, node);
            for (int i = 0; i < 2; i++) {
                peer.send(Rpc.RPC.newBuilder().addPublish(peer.signed(TOPIC, "x").toBuilder().clearSignature())
                        .build());
            }
            assertTrue(peer.score() < GossipConfig.defaults().thresholds().gossipThreshold());
            peer.send(Rpc.RPC.newBuilder().setControl(Rpc.ControlMessage.newBuilder().addIhave(
                    Rpc.ControlIHave.newBuilder().setTopicID(TOPIC).addMessageIDs(ByteString.copyFromUtf8("m"))))
                    .build());
            assertTrue(peer.controls().stream().allMatch(c -> c.getIwantCount() == 0), "no IWANT for its IHAVE");
        }
    }

    @Test
    void iwantIsAnsweredAtMostGossipRetransmissionTimesPerPeer() {
        GossipConfig config = GossipConfig.defaults();
        try (GossipNetwork net = new GossipNetwork(1, config, 21)) {
            Node node = net.node(0);
            node.subscribe(TOPIC);
            RawPeer peer = net.rawPeer(109, node);
            peer.send(Rpc.RPC.newBuilder().addSubscriptions(sub(TOPIC)).build());
            node.publish(TOPIC, "cached");
            Rpc.Message published = peer.inbox.get(peer.inbox.size() - 1).getPublish(0);
            Rpc.RPC iwant = Rpc.RPC.newBuilder().setControl(Rpc.ControlMessage.newBuilder().addIwant(
                    Rpc.ControlIWant.newBuilder().addMessageIDs(ByteString.copyFromUtf8("unknown"))
                            .addMessageIDs(MessageSigning.messageId(published)))).build();
            for (int i = 0; i < config.gossipRetransmission() + 2; i++) {
                peer.send(iwant);
            }
            long answers = peer.inbox.stream().mapToLong(Rpc.RPC::getPublishCount).sum() - 1;
            assertEquals(config.gossipRetransmission(), answers);
        }
    }

    private static Rpc.RPC.SubOpts sub(String topic) {
        return Rpc.RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(topic).build();
    }

    private static int grafts(RawPeer peer) {
        return peer.controls().stream().mapToInt(Rpc.ControlMessage::getGraftCount).sum();
    }
}
