package org.aegis.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.Validator;
import org.aegis.consensus.pbft.quorum.WeightEpochs;
import org.junit.jupiter.api.Test;

/** Unequal vote weights in a running network. */
class WeightedTest {

    @Test
    void heavyValidatorsCarryACertificateWithoutTwoLightOnes() {
        Cluster c = new Cluster(5, levels -> List.of(250, 250, 100, 100, 100));
        ConsensusState s = c.replica(2).state();
        assertEquals(800, s.validators().totalWeight());
        assertEquals(266, s.faultToleranceWeight());
        assertEquals(1, s.faultToleranceCount(), "any one validator, but not both heavy ones");
        c.crash(3);
        c.crash(4);
        // 250 + 250 + 100 = 600: 3·600 > 2·800.
        CompletableFuture<Decision> f = c.propose(2, "weighted");
        assertTrue(c.runUntil(f::isDone, Duration.ofSeconds(2)));
        assertEquals(0, c.replica(0).view(), "no view change was needed");
    }

    @Test
    void equalWeightsCannotLoseTwoOfFive() {
        Cluster c = new Cluster(5);
        c.crash(3);
        c.crash(4);
        // 300 of 500: 3·300 = 900 is not above 1000.
        CompletableFuture<Decision> f = c.propose(2, "stuck");
        c.run(Duration.ofSeconds(2));
        assertFalse(f.isDone());
    }

    @Test
    void aVectorBreakingTheCapFallsBackToEqualWeights() {
        Cluster c = new Cluster(4, levels -> List.of(300, 100, 100, 100));
        assertEquals(List.of(100, 100, 100, 100),
                c.replica(1).validators().validators().stream().map(Validator::weight).toList());
    }

    @Test
    void aCommittedMetricsReportChangesTheWeightsAtTheNextCheckpoint() {
        Cluster c = new Cluster(4);
        String json = "{\"timestamp\": 1.0, \"node_id\": \"node-1\", \"mean_phase\": 0.0,"
                + " \"consciousness_metrics\": {\"phi\": 0.2, \"coherence\": 0.1, \"stability\": 0.1,"
                + " \"divergence\": 0.5, \"consciousness_level\": 0.1}}";
        CompletableFuture<Decision> report = c.replica(1).propose(new Proposal("report-1",
                WeightEpochs.KIND_METRICS_REPORT, json.getBytes(StandardCharsets.UTF_8), "node-1"))
                .toCompletableFuture();
        assertTrue(c.runUntil(report::isDone, Duration.ofSeconds(2)));
        c.settle();
        assertEquals(0, c.replica(0).validators().epoch(), "not before the checkpoint");
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Decision> f = c.propose(2, "fill" + i);
            assertTrue(c.runUntil(f::isDone, Duration.ofSeconds(2)));
        }
        c.settle();
        for (int i = 0; i < 4; i++) {
            assertEquals(1, c.replica(i).validators().epoch(), "node " + i);
            assertEquals(new Validator("node-1", 120), c.replica(i).validators().validators().get(1));
            assertEquals(420, c.replica(i).validators().totalWeight());
        }
        CompletableFuture<Decision> after = c.propose(3, "after");
        assertTrue(c.runUntil(after::isDone, Duration.ofSeconds(2)), "votes are weighed with the new vector");
    }
}
