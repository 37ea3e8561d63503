package org.aegis.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSetChange;
import org.junit.jupiter.api.Test;

/** Validators join and leave a running network by decision. */
class MembershipTest {

    @Test
    void aFollowerJoinsByDecisionCatchesUpAndVotes() {
        Cluster c = new Cluster(5, 4);
        decide(c, 1, "before-0", "before-1", "before-2", "before-3", "before-4", "before-5");
        assertEquals(List.of(), c.order(4), "a follower outside the validator set is not sent the protocol");

        change(c, 2, "join", List.of("node-0", "node-1", "node-2", "node-3", "node-4"));
        fillToCheckpoint(c);
        for (int i = 0; i < 4; i++) {
            assertEquals(5, c.replica(i).validators().validators().size(), "node " + i);
        }
        decide(c, 3, "after-0", "after-1");
        assertTrue(c.runUntil(() -> c.order(4).equals(c.order(0)), Duration.ofSeconds(10)),
                "the joiner caught up: " + c.order(4) + " vs " + c.order(0));
        assertEquals(5, c.replica(4).validators().validators().size());
        assertEquals(1, c.replica(0).state().faultToleranceCount());

        // The joiner's vote now counts: with two of the first four down, 3 of 5 cannot decide without it.
        c.crash(2);
        decide(c, 4, "joiner-votes");
        assertTrue(c.order(4).contains("joiner-votes"));
    }

    @Test
    void thePrimaryLeavesByDecisionAndTheRestGoOn() {
        Cluster c = new Cluster(4, 4);
        change(c, 1, "leave", List.of("node-1", "node-2", "node-3"));
        fillToCheckpoint(c);
        for (int i = 1; i < 4; i++) {
            assertEquals(List.of("node-1", "node-2", "node-3"),
                    c.replica(i).validators().validators().stream().map(Validator::peerId).toList(), "node " + i);
            assertEquals(0, c.replica(i).state().faultToleranceCount(), "three validators tolerate no fault");
        }
        c.crash(0);
        decide(c, 2, "without-node-0");
        assertEquals(c.order(1), c.order(3));
    }

    private static void change(Cluster c, int node, String id, List<String> validators) {
        CompletableFuture<Decision> f = c.replica(node).propose(new Proposal(id, ValidatorSetChange.KIND,
                new ValidatorSetChange(validators).toPayload(), c.ids.get(node))).toCompletableFuture();
        assertTrue(c.runUntil(f::isDone, Duration.ofSeconds(5)), "decided " + id);
    }

    /** Decides filler proposals until node 0's last executed sequence number is a checkpoint. */
    private static void fillToCheckpoint(Cluster c) {
        int k = 0;
        while (c.replica(1).lastCommitted() % c.config.checkpointInterval() != 0) {
            decide(c, 1, "fill-" + k++);
        }
        c.settle();
    }

    private static void decide(Cluster c, int node, String... ids) {
        for (String id : ids) {
            CompletableFuture<Decision> f = c.propose(node, id);
            assertTrue(c.runUntil(f::isDone, Duration.ofSeconds(10)), "decided " + id);
        }
    }
}
