package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.List;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.GlobalState;
import org.aegis.api.metrics.MetricsReport;
import org.junit.jupiter.api.Test;

class SmallPartsTest {
    private static MetricsReport peer(String id, double meanPhase, double level) {
        return new MetricsReport(Instant.EPOCH, id, meanPhase, new ConsciousnessMetrics(0, 0, 0, 0, level),
                new GlobalState(0, 0, 1));
    }

    @Test
    void networkStateOfALoneNode() {
        assertEquals(new GlobalState(1.0, 0.7, 1.0), NetworkState.of(2.0, 0.7, List.of()));
    }

    @Test
    void networkStateOfOpposedAndAlignedPeers() {
        GlobalState opposed = NetworkState.of(0.0, 0.2, List.of(peer("a", Math.PI, 0.4)));
        assertEquals(0.0, opposed.networkCoherence(), 1e-15);
        assertEquals(0.3, opposed.collectiveAwareness(), 1e-15);
        GlobalState aligned = NetworkState.of(1.0, 0.5, List.of(peer("a", 1.0 + 2 * Math.PI, 0.5),
                peer("b", 1.0, 0.8)));
        assertEquals(1.0, aligned.networkCoherence(), 1e-12);
        assertEquals(0.6, aligned.collectiveAwareness(), 1e-12);
        GlobalState quarter = NetworkState.of(0, 0, List.of(peer("a", Math.PI / 2, 0)));
        assertEquals(Math.sqrt(0.5), quarter.networkCoherence(), 1e-12);
    }

    @Test
    void peerTableFeedsFreshPhasesOnly() {
        PeerTable table = new PeerTable();
        table.put(peer("a", 1.0, 0), 1000, 3000);
        table.put(peer("b", 2.0, 0), 2500, 3000);
        double[] out = new double[4];
        assertEquals(2, table.freshPhases(3000, 3000, out));
        assertEquals(1, table.freshPhases(4500, 3000, out));
        assertEquals(2.0, out[0]);
        assertEquals(List.of("b"), table.fresh(4500, 3000).stream().map(MetricsReport::nodeId).toList());
        assertEquals(1, table.freshPhases(4500, 3000, new double[1]));
        table.prune(4500, 3000);
        assertEquals(1, table.size());
    }

    @Test
    void peerTableIsBounded() {
        PeerTable table = new PeerTable();
        for (int i = 0; i < PeerTable.MAX_PEERS; i++) {
            assertEquals(PeerTable.Outcome.STORED, table.put(peer("p" + i, 0, 0), 0, 3000));
        }
        assertEquals(PeerTable.Outcome.FULL, table.put(peer("new", 0, 0), 1000, 3000));
        assertEquals(PeerTable.Outcome.STORED, table.put(peer("p1", 0, 0), 4000, 3000));
        // once the others are stale there is room again
        assertEquals(PeerTable.Outcome.STORED, table.put(peer("new", 0, 0), 5000, 3000));
        assertEquals(2, table.size());
    }

    @Test
    void seedFromPeerIdIsStableAndDistinct() {
        assertEquals(Seeds.fromPeerId("12D3KooWA"), Seeds.fromPeerId("12D3KooWA"));
        assertNotEquals(Seeds.fromPeerId("12D3KooWA"), Seeds.fromPeerId("12D3KooWB"));
        assertEquals(9L, Seeds.effective(9L, "12D3KooWA"));
        assertEquals(Seeds.fromPeerId("12D3KooWA"), Seeds.effective(0L, "12D3KooWA"));
    }

    @Test
    void historyKeysSortAsTime() {
        assertEquals("0000000000000000", MetricsHistory.key(-5));
        assertEquals("0001735689600000", MetricsHistory.key(1_735_689_600_000L));
        assertEquals("9999999999999999", MetricsHistory.key(Long.MAX_VALUE));
    }

    @Test
    void weightProviderDelegatesToVoteWeights() {
        assertEquals(List.of(300, 100), new WeightProviderComponent().weights(List.of(1.0, 0.0)));
    }
}
