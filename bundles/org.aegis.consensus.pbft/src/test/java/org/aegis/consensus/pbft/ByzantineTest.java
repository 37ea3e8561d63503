package org.aegis.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.consensus.pbft.message.Digests;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.Message;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.Prepare;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.testing.ByzantineBehaviour;
import org.aegis.consensus.pbft.testing.ByzantineBehaviour.Phase;
import org.aegis.consensus.pbft.testing.Equivocator;
import org.junit.jupiter.api.Test;

/** Forged, replayed, out-of-window and equivocating messages. */
class ByzantineTest {

    private static byte[] frame(NodeIdentity signer, String claimedSender, Message m) {
        return MessageCodec.encode(Signed.sign(claimedSender, m, signer::sign));
    }

    /** Node i lies as {@code behaviour} says, with its own key. */
    private static void equivocate(Cluster c, int node, ByzantineBehaviour behaviour) {
        c.filter(node, new Equivocator(c.ids.get(node), c.identity(node)::sign, behaviour));
    }

    private static long dropped(Cluster c, int node, DropReason reason) {
        return c.replica(node).drops().get(reason);
    }

    @Test
    void forgedReplayedAndOutOfWindowMessagesAreDroppedAndCounted() {
        Cluster c = new Cluster(4);
        NodeIdentity node2 = c.identity(2);
        NodeIdentity mallory = c.outsider("mallory");
        Prepare prepare = new Prepare(0, 1, Digests.sha256(new byte[] {1}));

        c.network.inject("mallory", "node-1", new byte[] {1, 2, 3, 4, 5});
        c.network.inject("mallory", "node-1", frame(mallory, "mallory", prepare));
        c.network.inject("mallory", "node-1", frame(mallory, "node-2", prepare));
        c.network.inject("node-2", "node-1", frame(node2, "node-2", prepare));
        c.network.inject("node-2", "node-1", frame(node2, "node-2", prepare));
        c.network.inject("node-2", "node-1", frame(node2, "node-2", new Prepare(0, 1, Digests.sha256(new byte[] {2}))));
        c.network.inject("node-2", "node-1", frame(node2, "node-2", new Prepare(0, 1000, Digests.GENESIS)));
        c.network.inject("node-2", "node-1", frame(node2, "node-2", new Prepare(7, 2, Digests.GENESIS)));
        c.network.inject("node-2", "node-1", frame(node2, "node-2", PrePrepare.of(0, 2, List.of())));
        c.settle();

        assertEquals(1, dropped(c, 1, DropReason.MALFORMED));
        assertEquals(1, dropped(c, 1, DropReason.NOT_VALIDATOR));
        assertEquals(1, dropped(c, 1, DropReason.BAD_SIGNATURE));
        assertEquals(1, dropped(c, 1, DropReason.REPLAYED));
        assertEquals(1, dropped(c, 1, DropReason.CONFLICTING));
        assertEquals(1, dropped(c, 1, DropReason.OUT_OF_WINDOW));
        assertEquals(1, dropped(c, 1, DropReason.WRONG_VIEW));
        assertEquals(1, dropped(c, 1, DropReason.INVALID), "a pre-prepare from a backup");
        assertEquals(0, c.replica(1).lastCommitted());

        CompletableFuture<Decision> f = c.propose(2, "real");
        assertTrue(c.runUntil(f::isDone, Duration.ofSeconds(2)), "the forgeries did not disturb the protocol");
        Signed replayedRequest = Signed.sign("node-2", new Request(new Proposal("real", "test",
                "real".getBytes(StandardCharsets.UTF_8), "node-2")), node2::sign);
        c.network.inject("node-2", "node-3", MessageCodec.encode(replayedRequest));
        c.settle();
        assertEquals(1, dropped(c, 3, DropReason.REPLAYED), "a decided request sent again");
        assertEquals(List.of("real"), c.order(3));
    }

    @Test
    void anEquivocatingPrimaryCannotDecideTwoThingsAtOneSequenceNumber() {
        Cluster c = new Cluster(4);
        NodeIdentity primary = c.identity(0);
        Signed evil = Signed.sign("node-0", new Request(new Proposal("evil", "test", new byte[] {6}, "node-0")),
                primary::sign);
        // Node 1 gets the honest pre-prepare; nodes 2 and 3 get another batch for the same sequence number.
        c.filter(0, (peer, frame) -> {
            Signed s = decode(frame);
            if (s.message() instanceof PrePrepare pp && !peer.equals("node-1")) {
                return MessageCodec.encode(Signed.sign("node-0", PrePrepare.of(pp.view(), pp.sequence(),
                        List.of(evil)), primary::sign));
            }
            return frame;
        });
        CompletableFuture<Decision> f = c.propose(1, "honest");
        assertTrue(c.runUntil(() -> c.delivered(1).size() >= 1 && c.delivered(2).size() >= 1
                && c.delivered(3).size() >= 1, Duration.ofSeconds(10)), "progress after a view change");
        c.settle();
        String first = c.order(1).get(0);
        for (int i = 1; i < 4; i++) {
            assertEquals(first, c.order(i).get(0), "node " + i + " decided the same first decision");
            assertTrue(c.replica(i).view() >= 1, "the equivocating primary was voted out");
        }
        assertTrue(c.runUntil(() -> c.order(1).contains("honest") && c.order(3).contains("honest"),
                Duration.ofSeconds(10)), "the honest request is decided in the end");
        assertEquals(c.order(1), c.order(2));
        assertEquals(c.order(1), c.order(3));
        assertTrue(f.isDone());
    }

    @Test
    void aBackupThatVotesForAnotherDigestIsNotCountedAndChangesNothing() {
        Cluster c = new Cluster(4);
        equivocate(c, 3, (peer, phase, view, sequence) -> phase != Phase.PRE_PREPARE);
        List<CompletableFuture<Decision>> futures = List.of(c.propose(1, "a"), c.propose(2, "b"), c.propose(3, "c"));
        assertTrue(c.runUntil(() -> futures.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(2)));
        c.settle();
        for (int i = 1; i < 3; i++) {
            assertEquals(c.order(0), c.order(i), "node " + i);
            ProposalStatus status = c.replica(i).status("a").orElseThrow();
            assertEquals(ProposalStatus.State.DECIDED, status.state());
            assertFalse(status.votes().stream().anyMatch(v -> v.peerId().equals("node-3")),
                    "node " + i + " counted none of node 3's commits for another digest: " + status.votes());
        }
        assertEquals(0, c.replica(1).view(), "three honest validators went on without a view change");
    }

    @Test
    void aPrimaryThatEquivocatesThroughTheEquivocatorIsVotedOutWithoutAFork() {
        Cluster c = new Cluster(4);
        equivocate(c, 0, (peer, phase, view, sequence) -> phase == Phase.PRE_PREPARE && !peer.equals("node-1"));
        CompletableFuture<Decision> f = c.propose(1, "honest");
        assertTrue(c.runUntil(() -> c.order(1).contains("honest") && c.order(2).contains("honest")
                && c.order(3).contains("honest"), Duration.ofSeconds(10)), "decided after a view change");
        c.settle();
        assertEquals(c.order(1), c.order(2));
        assertEquals(c.order(1), c.order(3));
        assertTrue(c.replica(1).view() >= 1);
        assertTrue(f.isDone());
    }

    @Test
    void aPrimaryThatTurnsEveryRequestIntoANullRequestIsVotedOutWhileRequestsKeepComing() {
        // Batches of one request; a pipeline of two checkpoint intervals, so the primary, which never commits its own
        // batches, keeps ordering as state transfer brings it the null requests the others executed.
        Cluster c = new Cluster(4, Cluster.UNCAPPED_FORMULA, ids -> new PbftConfig(ids, 1, Duration.ofMillis(5), 8, 4,
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(20),
                PbftConfig.DEFAULT_MAX_PROPOSALS_IN_FLIGHT));
        // Every backup gets each batch of one request without it: a null request, which commits. Executing it must
        // not restart the request timers, or the primary censors for as long as requests keep arriving.
        equivocate(c, 0, (peer, phase, view, sequence) -> phase == Phase.PRE_PREPARE);
        int sent = 0;
        while (sent < 40 && !c.order(2).contains("r0")) {
            c.propose(1, "r" + sent++);
            c.run(Duration.ofMillis(50));
        }
        assertTrue(sent < 15, "the first request is decided within a few request timeouts, not when requests stop: "
                + sent + " sent, " + c.order(2) + ", " + c.replica(2).state());
        assertTrue(c.replica(2).view() >= 1);
    }

    private static Signed decode(byte[] frame) {
        try {
            return MessageCodec.decode(frame);
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }
}
