package org.aegis.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aegis.api.consensus.Decision;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.Message;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.aegis.consensus.pbft.testing.OutboundFilter;
import org.junit.jupiter.api.Test;

/** Checkpoints, view changes, crash and restart. */
class FaultsTest {

    private static List<CompletableFuture<Decision>> proposeMany(Cluster c, int node, String prefix, int count) {
        List<CompletableFuture<Decision>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(c.propose(node, prefix + i));
            // one request per slot: the primary is idle again when the next arrives
            c.runUntil(() -> futures.get(futures.size() - 1).isDone(), Duration.ofSeconds(1));
        }
        return futures;
    }

    @Test
    void checkpointsBecomeStableAndTheLogIsCollected() {
        Cluster c = new Cluster(4);
        List<CompletableFuture<Decision>> futures = proposeMany(c, 1, "c", 10);
        assertTrue(futures.stream().allMatch(CompletableFuture::isDone));
        c.settle();
        for (int i = 0; i < 4; i++) {
            assertEquals(8, c.replica(i).state().stableCheckpoint(), "node " + i + ": checkpoints at 4 and 8");
            assertEquals(2, c.store(i).map(ReplicaStore.SLOTS).size(), "node " + i + ": only slots 9 and 10 kept");
            assertTrue(c.store(i).map(ReplicaStore.CHECKPOINTS).get(ReplicaStore.key(8)).isPresent());
            assertEquals(10, c.store(i).map(ReplicaStore.EXECUTED).size(), "what executed stays for state transfer");
        }
    }

    @Test
    void aCrashedPrimaryIsReplacedByAViewChange() {
        Cluster c = new Cluster(4);
        proposeMany(c, 1, "before", 3);
        c.crash(0);
        CompletableFuture<Decision> after = c.propose(1, "after");
        assertTrue(c.runUntil(after::isDone, Duration.ofSeconds(5)), "decided after the view change");
        c.settle();
        for (int i = 1; i < 4; i++) {
            assertEquals(1, c.replica(i).view(), "node " + i);
            assertEquals("node-1", c.replica(i).state().primary());
            assertFalse(c.replica(i).state().viewChangeInProgress());
            assertEquals(List.of("before0", "before1", "before2", "after"), c.order(i));
        }
        List<CompletableFuture<Decision>> more = proposeMany(c, 2, "more", 3);
        assertTrue(more.stream().allMatch(CompletableFuture::isDone), "the new primary keeps ordering");
    }

    @Test
    void aViewChangeCarriesPreparedRequestsOver() {
        Cluster c = new Cluster(4);
        // No commit of view 0 leaves anyone: every replica prepares the request but none can commit it. Then the
        // primary dies; the request must be decided in view 1, at the same sequence number.
        OutboundFilter noCommits = (peer, frame) -> isCommitOfView0(frame) ? null : frame;
        for (int i = 0; i < 4; i++) {
            c.filter(i, noCommits);
        }
        CompletableFuture<Decision> f = c.propose(0, "carried");
        c.settle();
        assertEquals(0, c.replica(1).lastCommitted());
        c.crash(0);
        assertTrue(c.runUntil(() -> c.delivered(1).size() == 1 && c.delivered(2).size() == 1, Duration.ofSeconds(5)));
        c.settle();
        for (int i = 1; i < 4; i++) {
            assertEquals(List.of("carried"), c.order(i), "node " + i);
            assertEquals(1, c.delivered(i).get(0).sequence());
            assertEquals(1, c.delivered(i).get(0).view(), "committed in the new view");
        }
        assertTrue(f.isCompletedExceptionally(), "stopping a replica fails the proposals it was waiting for");
    }

    static boolean isCommitOfView0(byte[] frame) {
        try {
            return MessageCodec.decode(frame).message() instanceof Message.Commit commit && commit.view() == 0;
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aReplicaThatMissedTheLastBatchFetchesItFromThoseThatCommittedIt() {
        Cluster c = new Cluster(4);
        // Node 3 hears neither the request nor its pre-prepare, only the others' votes; then the network is quiet: no
        // request of its own and no checkpoint would ever make it ask. The commits of a weak certificate do.
        c.filter(1, (peer, frame) -> peer.equals("node-3") && isRequest(frame) ? null : frame);
        c.filter(0, (peer, frame) -> peer.equals("node-3") && isPrePrepareOfView0(frame) ? null : frame);
        CompletableFuture<Decision> f = c.propose(1, "last");
        assertTrue(c.runUntil(f::isDone, Duration.ofSeconds(2)));
        assertTrue(c.runUntil(() -> c.order(3).equals(List.of("last")), Duration.ofSeconds(5)),
                "node 3: " + c.replica(3).state());
    }

    @Test
    void aReplicaThatMissedTheNewViewIsSentItWhenItResendsItsViewChange() {
        Cluster c = new Cluster(4);
        // The new primary's new-view message never reaches node 3; node 2, which installed it, must pass it on.
        c.filter(1, (peer, frame) -> peer.equals("node-3") && isNewView(frame) ? null : frame);
        c.crash(0);
        CompletableFuture<Decision> f = c.propose(2, "after");
        assertTrue(c.runUntil(() -> f.isDone() && c.delivered(3).size() == 1, Duration.ofSeconds(5)),
                "node 3: " + c.replica(3).state());
        assertEquals(1, c.replica(3).view());
        assertFalse(c.replica(3).state().viewChangeInProgress());
        assertEquals(List.of("after"), c.order(3));
    }

    @Test
    void aReplicaAloneInSuspectingThePrimaryStaysInTheViewAndDecidesWithTheOthers() {
        Cluster c = new Cluster(4);
        // Node 3's own request never leaves it: it alone times out. A view change nobody joins would keep it out of
        // the protocol; it suspects the primary instead, and goes on voting in view 0.
        AtomicBoolean lost = new AtomicBoolean(true);
        c.filter(3, (peer, frame) -> lost.get() && isRequest(frame) ? null : frame);
        CompletableFuture<Decision> unheard = c.propose(3, "unheard");
        c.run(c.config.viewChangeTimeout().multipliedBy(10));
        assertFalse(c.replica(3).state().viewChangeInProgress(), "node 3: " + c.replica(3).state());
        // node 3's vote is needed: node 2 is down
        c.crash(2);
        CompletableFuture<Decision> meanwhile = c.propose(1, "decided-meanwhile");
        assertTrue(c.runUntil(meanwhile::isDone, Duration.ofSeconds(2)), "node 3: " + c.replica(3).state());
        // Its request reaches the others once its link lets requests through again: it resends what it suspects for.
        lost.set(false);
        assertTrue(c.runUntil(() -> unheard.isDone() && c.order(3).contains("unheard"), Duration.ofSeconds(5)),
                "node 3: " + c.replica(3).state());
        for (int i : new int[] {0, 1, 3}) {
            assertEquals(0, c.replica(i).view(), "node " + i + " stayed in view 0");
        }
        assertEquals(List.of("decided-meanwhile", "unheard"), c.order(3));
        assertEquals(c.order(0), c.order(3));
    }

    @Test
    void suspicionsOfAWeakCertificateChangeTheView() {
        Cluster c = new Cluster(4);
        // The primary orders nothing; the others all wait for the same request, suspect together and move on.
        c.filter(0, (peer, frame) -> isPrePrepareOfView0(frame) ? null : frame);
        CompletableFuture<Decision> f = c.propose(2, "x");
        assertTrue(c.runUntil(() -> f.isDone() && c.order(1).contains("x") && c.order(3).contains("x"),
                Duration.ofSeconds(5)), "node 1: " + c.replica(1).state());
        assertEquals(1, c.replica(2).view());
    }

    @Test
    void aViewChangeTimerStartsWhenACertificateLeftTheViewEvenForLaterViews() {
        Cluster c = new Cluster(4);
        // View 0's primary orders nothing; view 1's primary (node 1) is silent; node 3's view change to view 1
        // reaches nobody. Node 3 alone has a certificate for view 1, so it alone times out and moves to view 2; its
        // view change to view 2 must still start the timers of nodes 0 and 2, or they wait in view 1 forever.
        c.filter(0, (peer, frame) -> isPrePrepareOfView0(frame) ? null : frame);
        c.filter(1, (peer, frame) -> null);
        c.filter(3, (peer, frame) -> isViewChangeTo(frame, 1) ? null : frame);
        CompletableFuture<Decision> f = c.propose(2, "x");
        assertTrue(c.runUntil(() -> f.isDone() && c.order(0).contains("x") && c.order(3).contains("x"),
                Duration.ofSeconds(20)), "node 0: " + c.replica(0).state() + ", node 3: " + c.replica(3).state());
        assertEquals(2, c.replica(0).view());
    }

    @Test
    void anExecutedSlotKeepsItsCertificateForStateTransferAfterAViewChange() {
        Cluster c = new Cluster(4);
        // Node 3 sees "a" prepared but hears no commit and no state reply: it cannot execute it.
        AtomicBoolean cutOff = new AtomicBoolean(true);
        for (int i = 0; i < 3; i++) {
            c.filter(i, (peer, frame) -> cutOff.get() && peer.equals("node-3")
                    && (isCommitOfView0(frame) || isStateReply(frame)) ? null : frame);
        }
        c.propose(1, "a");
        assertTrue(c.runUntil(() -> c.order(1).contains("a") && c.order(2).contains("a"), Duration.ofSeconds(2)));
        // The primary dies; in view 1 node 3 re-proposes "a" at sequence 1, and its votes of view 1 reach the
        // others' executed slot 1. They must still prove it to node 3 with the commits of view 0.
        c.crash(0);
        c.propose(1, "b");
        assertTrue(c.runUntil(() -> c.order(1).contains("b") && c.replica(3).view() == 1
                && !c.replica(3).state().viewChangeInProgress(), Duration.ofSeconds(5)));
        assertEquals(List.of(), c.order(3));
        cutOff.set(false);
        assertTrue(c.runUntil(() -> c.order(3).contains("b"), Duration.ofSeconds(5)), "node 3: " + c.replica(3).state());
        assertEquals(c.order(1), c.order(3));
    }

    static boolean isStateReply(byte[] frame) {
        try {
            return MessageCodec.decode(frame).message() instanceof Message.StateReply;
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    static boolean isPrePrepareOfView0(byte[] frame) {
        try {
            return MessageCodec.decode(frame).message() instanceof Message.PrePrepare pp && pp.view() == 0;
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    static boolean isViewChangeTo(byte[] frame, long view) {
        try {
            return MessageCodec.decode(frame).message() instanceof Message.ViewChange vc && vc.newView() == view;
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    static boolean isRequest(byte[] frame) {
        try {
            return MessageCodec.decode(frame).message() instanceof Message.Request;
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    static boolean isNewView(byte[] frame) {
        try {
            return MessageCodec.decode(frame).message() instanceof Message.NewView;
        } catch (MalformedMessageException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aViewChangeWhoseNewPrimaryIsDownMovesOnWithBackoff() {
        Cluster c = new Cluster(4);
        c.crash(0);
        c.crash(1);
        // Two of four down: no certificate is possible until one returns.
        CompletableFuture<Decision> f = c.propose(2, "x");
        c.run(Duration.ofSeconds(3));
        assertFalse(f.isDone());
        assertTrue(c.replica(2).state().viewChangeInProgress());
        c.restart(1);
        assertTrue(c.runUntil(() -> c.delivered(2).size() == 1, Duration.ofSeconds(30)));
        assertEquals(List.of("x"), c.order(2));
        assertEquals(c.replica(2).view(), c.replica(3).view());
    }

    @Test
    void aRestartedReplicaCatchesUpWithoutDecidingTwice() {
        Cluster c = new Cluster(4);
        proposeMany(c, 1, "a", 3);
        c.settle();
        assertEquals(3, c.delivered(3).size());
        c.crash(3);
        proposeMany(c, 1, "b", 12);
        c.restart(3);
        assertTrue(c.runUntil(() -> c.replica(3).lastCommitted() >= 12, Duration.ofSeconds(5)),
                "state transfer up to the last stable checkpoint: " + c.replica(3).state() + " " + c.replica(3).drops()
                + " others " + c.replica(0).state());
        List<String> replay = c.replica(3).decisions(1, 100).stream().map(d -> d.proposal().id()).toList();
        assertEquals(c.order(0).subList(0, replay.size()), replay);
        List<String> seen = c.order(3);
        assertEquals(new HashSet<>(seen).size(), seen.size(), "no decision delivered twice");
        assertEquals(c.order(0).subList(0, seen.size()), seen);
        // It takes part again: a new proposal is decided by all four.
        CompletableFuture<Decision> f = c.propose(3, "after-restart");
        assertTrue(c.runUntil(() -> f.isDone() && c.replica(3).lastCommitted() == 16, Duration.ofSeconds(5)));
        assertEquals(c.order(0), c.replica(3).decisions(1, 100).stream().map(d -> d.proposal().id()).toList());
    }

    @Test
    void aReplicaRestartedBeforeItCanReachItsPeersCatchesUpInAnIdleNetwork() {
        Cluster c = new Cluster(4);
        proposeMany(c, 1, "a", 2);
        c.settle();
        c.crash(3);
        proposeMany(c, 1, "b", 7);
        c.settle();
        c.restartUnreachable(3);
        c.run(Duration.ofMillis(500));
        assertEquals(2, c.replica(3).lastCommitted(), "nobody reached it yet");
        c.reachable(3);
        // no proposal follows: only the restarted replica's own questions can reveal the gap
        assertTrue(c.runUntil(() -> c.replica(3).lastCommitted() == 9, Duration.ofSeconds(5)),
                "caught up: " + c.replica(3).state() + " others " + c.replica(0).state());
        assertEquals(c.order(0), c.replica(3).decisions(1, 100).stream().map(d -> d.proposal().id()).toList());
    }

    @Test
    void aReplicaRestartedBeforeItCanReachItsPeersDoesNotSuspectThePrimaryMeanwhile() {
        Cluster c = new Cluster(4);
        proposeMany(c, 1, "a", 2);
        c.settle();
        c.crash(3);
        proposeMany(c, 1, "b", 3);
        c.settle();
        // Its own proposal waits far longer than the request timeout while its transport still connects: the primary
        // is not to blame, and a view change nobody else joins would keep node 3 out of the protocol.
        c.restartUnreachable(3);
        CompletableFuture<Decision> own = c.propose(3, "own");
        c.run(c.config.viewChangeTimeout().multipliedBy(10));
        assertFalse(c.replica(3).state().viewChangeInProgress(), "node 3: " + c.replica(3).state());
        c.reachable(3);
        assertTrue(c.runUntil(() -> own.isDone() && c.order(0).contains("own") && c.order(3).contains("own"),
                Duration.ofSeconds(5)), "node 3: " + c.replica(3).state());
        assertEquals(0, c.replica(3).view());
        assertFalse(c.replica(3).state().viewChangeInProgress());
        assertEquals(c.order(0), c.replica(3).decisions(1, 100).stream().map(d -> d.proposal().id()).toList());
    }

    @Test
    void aReplicaStartedBeforeItsTransportCatchesUpOnceTheTransportIsBound() {
        Cluster c = new Cluster(4);
        proposeMany(c, 1, "a", 1);
        c.settle();
        c.crash(2);
        proposeMany(c, 1, "b", 2);
        c.settle();
        c.restartWithoutTransport(2);
        c.run(Duration.ofMillis(500));
        assertEquals(1, c.replica(2).lastCommitted());
        c.bindTransport(2);
        assertTrue(c.runUntil(() -> c.replica(2).lastCommitted() == 3, Duration.ofSeconds(5)),
                "caught up: " + c.replica(2).state());
        assertEquals(c.order(0), c.replica(2).decisions(1, 100).stream().map(d -> d.proposal().id()).toList());
    }

    @Test
    void aReplicaRestartedOverTheSameConnectionsHearsItsPeersAgain() {
        Cluster c = new Cluster(4);
        proposeMany(c, 1, "a", 1);
        c.settle();
        c.restartInPlace(3);
        c.settle();
        c.crash(2);
        // node 3's votes are needed now: it must hear the others over streams opened to the new replica
        CompletableFuture<Decision> f = c.propose(1, "after-restart");
        assertTrue(c.runUntil(() -> f.isDone() && c.replica(3).lastCommitted() == 2, Duration.ofSeconds(5)),
                "decided with node 3: " + c.replica(3).state() + " " + c.replica(3).drops());
        assertEquals(List.of("a0", "after-restart"),
                c.replica(3).decisions(1, 10).stream().map(d -> d.proposal().id()).toList());
    }

    @Test
    void aReplicaKilledDuringAViewChangeResumesIt() {
        Cluster c = new Cluster(4);
        c.crash(0);
        CompletableFuture<Decision> f = c.propose(1, "during");
        assertTrue(c.runUntil(() -> c.replica(3).state().viewChangeInProgress(), Duration.ofSeconds(2)));
        c.crash(3);
        c.restart(3);
        c.settle();
        assertEquals(1, c.replica(3).view(), "it does not go back to view 0");
        assertTrue(c.runUntil(() -> f.isDone() && c.delivered(3).size() == 1, Duration.ofSeconds(10)));
        assertEquals(List.of("during"), c.order(3));
    }

    @Test
    void aRestartedReplicaKeepsItsDecisionsAndView() {
        Cluster c = new Cluster(4);
        proposeMany(c, 1, "k", 5);
        c.settle();
        c.crash(2);
        c.restart(2);
        c.settle();
        assertEquals(5, c.replica(2).lastCommitted());
        assertEquals(5, c.delivered(2).size(), "nothing delivered again after the restart " + c.order(2));
        assertEquals(4, c.replica(2).state().stableCheckpoint());
        CompletableFuture<Decision> f = c.propose(2, "next");
        assertTrue(c.runUntil(f::isDone, Duration.ofSeconds(2)));
        assertEquals(6, f.join().sequence());
    }
}
