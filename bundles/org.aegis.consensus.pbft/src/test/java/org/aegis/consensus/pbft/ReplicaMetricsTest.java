package org.aegis.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.aegis.api.consensus.Decision;
import org.aegis.testing.CollectedMetrics;
import org.junit.jupiter.api.Test;

/** What a replica reports on /metrics: its drops by reason, view changes and decision latency. */
class ReplicaMetricsTest {
    private static final String DROPPED = "aegis_consensus_dropped_messages";

    @Test
    void aDroppedMessageIsCountedUnderItsReason() {
        Cluster c = new Cluster(4);
        c.network.inject("mallory", "node-1", new byte[] {1, 2, 3, 4, 5});
        c.settle();

        CollectedMetrics metrics = CollectedMetrics.of(c.replica(1));
        assertEquals(1, metrics.value(DROPPED, Map.of("reason", "malformed")));
        assertEquals(0, metrics.value(DROPPED, Map.of("reason", "bad_signature")), "every reason, counted or not");
    }

    @Test
    void eachCommittedSequenceIsTimedAndAViewChangeCounted() {
        Cluster c = new Cluster(4);
        CompletableFuture<Decision> first = c.propose(1, "first");
        assertTrue(c.runUntil(first::isDone, Duration.ofSeconds(1)));
        c.settle();
        assertEquals(1, CollectedMetrics.of(c.replica(2)).histogram("aegis_consensus_decision_latency_seconds").count());
        assertEquals(0, CollectedMetrics.of(c.replica(2)).value("aegis_consensus_view_changes"));

        c.crash(0);
        CompletableFuture<Decision> after = c.propose(1, "after");
        assertTrue(c.runUntil(after::isDone, Duration.ofSeconds(5)), "decided after the view change");
        c.settle();

        CollectedMetrics metrics = CollectedMetrics.of(c.replica(2));
        assertEquals(1, metrics.value("aegis_consensus_view_changes"));
        assertEquals(2, metrics.histogram("aegis_consensus_decision_latency_seconds").count());
    }
}
