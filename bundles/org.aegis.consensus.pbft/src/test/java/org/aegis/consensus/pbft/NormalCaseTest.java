package org.aegis.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.aegis.api.consensus.ConsensusBusyException;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.junit.jupiter.api.Test;

class NormalCaseTest {

    @Test
    void aNetworkOfOneDecidesAtOnce() {
        Cluster one = new Cluster(1);
        CompletableFuture<Decision> decided = one.propose(0, "p1");
        one.scheduler.runFor(Duration.ZERO);
        assertTrue(decided.isDone(), "decided without any time passing");
        Decision d = decided.join();
        assertEquals(1, d.sequence());
        assertEquals(List.of("p1"), one.order(0));
        ConsensusState s = one.replica(0).state();
        assertEquals(1, s.lastCommitted());
        assertEquals("node-0", s.primary());
        assertEquals(100, s.validators().totalWeight());
        assertEquals(0, s.faultToleranceCount());
        assertEquals(33, s.faultToleranceWeight());
        assertEquals(ProposalStatus.State.DECIDED, one.replica(0).status("p1").orElseThrow().state());
    }

    @Test
    void fourReplicasDecideTheSameOrder() {
        Cluster c = new Cluster(4);
        List<CompletableFuture<Decision>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(c.propose(i % 4, "p" + i));
        }
        assertTrue(c.runUntil(() -> futures.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(2)));
        c.settle();
        for (int i = 0; i < 4; i++) {
            assertEquals(10, c.delivered(i).size(), "node " + i);
            assertEquals(c.order(0), c.order(i), "node " + i);
            assertEquals(10, c.replica(i).lastCommitted());
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(i + 1, c.delivered(0).get(i).sequence());
        }
        assertEquals(c.delivered(0), c.replica(2).decisions(1, 100).stream()
                .map(d -> c.delivered(0).get((int) d.sequence() - 1)).toList());
        assertEquals(c.order(0), c.replica(3).decisions(1, 100).stream().map(d -> d.proposal().id()).toList());
        ProposalStatus status = c.replica(1).status("p3").orElseThrow();
        assertEquals(ProposalStatus.State.DECIDED, status.state());
        assertEquals(400, status.totalWeight());
        assertTrue(3 * status.votedWeight() > 2 * status.totalWeight(), "commit votes make a certificate");
        c.ids.forEach(id -> assertEquals(0L, sumDrops(c, id), id + " " + c.replica(c.ids.indexOf(id)).drops()));
    }

    @Test
    void aSlotCostsEachReplicaThreeStoreWritesItsCommitCertificateGoingWithItsExecution() {
        Cluster c = new Cluster(4);
        c.settle();
        int[] before = new int[4];
        for (int i = 0; i < 4; i++) {
            before[i] = c.store(i).commits();
        }
        CompletableFuture<Decision> decided = c.propose(1, "p1");
        assertTrue(c.runUntil(decided::isDone, Duration.ofSeconds(2)));
        c.settle();
        for (int i = 0; i < 4; i++) {
            assertEquals(1, c.replica(i).lastCommitted(), "node " + i);
            // the pre-prepare (or the prepare it answers with), the prepared certificate, then commit and execution
            assertEquals(3, c.store(i).commits() - before[i], "node " + i);
        }
    }

    @Test
    void aReplicaThatHoldsItsLimitOfUndecidedProposalsRefusesMoreAsBusyUntilSomeAreDecided() {
        Cluster c = new Cluster(4, Cluster.UNCAPPED_FORMULA, ids -> new PbftConfig(ids, 8, Duration.ofMillis(5), 4, 4,
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(100), 2));
        c.crash(2);
        c.crash(3); // two of four: no quorum, nothing can be decided
        CompletableFuture<Decision> first = c.propose(0, "p1");
        CompletableFuture<Decision> second = c.propose(0, "p2");
        CompletableFuture<Decision> third = c.propose(0, "p3");
        assertTrue(third.isCompletedExceptionally(), "refused at once, without waiting for the network");
        ConsensusBusyException busy = assertThrows(ConsensusBusyException.class, () -> {
            try {
                third.join();
            } catch (CompletionException e) {
                throw e.getCause();
            }
        });
        assertTrue(busy.getMessage().contains("2 proposals"), busy.getMessage());
        assertEquals(Duration.ofSeconds(1), busy.retryAfter());
        assertTrue(c.replica(0).status("p3").isEmpty(), "a busy refusal records nothing: the id may be sent again");
        assertFalse(c.propose(1, "p4").isDone(), "another replica's own limit is its own");

        c.restart(2);
        c.restart(3);
        assertTrue(c.runUntil(() -> first.isDone() && second.isDone(), Duration.ofSeconds(30)));
        CompletableFuture<Decision> again = c.propose(0, "p3");
        assertTrue(c.runUntil(again::isDone, Duration.ofSeconds(30)));
        assertFalse(again.isCompletedExceptionally(), "admitted once the earlier ones were decided");
    }

    @Test
    void theSameProposalTwiceIsDecidedOnce() {
        Cluster c = new Cluster(4);
        Proposal same = new Proposal("same", "test", new byte[] {1, 2}, "operator");
        CompletableFuture<Decision> first = c.replica(1).propose(same).toCompletableFuture();
        CompletableFuture<Decision> second = c.replica(2).propose(same).toCompletableFuture();
        assertTrue(c.runUntil(() -> first.isDone() && second.isDone(), Duration.ofSeconds(2)));
        c.settle();
        assertEquals(List.of("same"), c.order(3));
        assertEquals(first.join().sequence(), second.join().sequence());
        CompletableFuture<Decision> again = c.replica(0).propose(same).toCompletableFuture();
        c.settle();
        assertEquals(1, again.join().sequence(), "a decided id answers with its decision");
        CompletableFuture<Decision> other = c.propose(0, "same");
        c.settle();
        assertTrue(other.isCompletedExceptionally(), "the same id with other content is rejected");
        assertEquals(ProposalStatus.State.DECIDED, c.replica(0).status("same").orElseThrow().state());
    }

    @Test
    void primaryBatchesWhileThePipelineIsBusy() {
        Cluster c = new Cluster(4);
        List<CompletableFuture<Decision>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            futures.add(c.propose(0, "b" + i));
        }
        assertTrue(c.runUntil(() -> futures.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(2)));
        long slots = c.store(0).map(ReplicaStore.EXECUTED).size();
        assertEquals(40, c.replica(0).lastCommitted());
        assertTrue(slots < 40 && slots >= 5, "40 requests in batches of at most 8: " + slots + " slots");
        assertFalse(c.replica(0).state().viewChangeInProgress());
    }

    static long sumDrops(Cluster c, String id) {
        return c.replica(c.ids.indexOf(id)).drops().values().stream().mapToLong(Long::longValue).sum();
    }
}
