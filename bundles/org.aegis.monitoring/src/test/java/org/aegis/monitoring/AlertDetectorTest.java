package org.aegis.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;
import org.junit.jupiter.api.Test;

/** Which changes between two looks at the node become alerts, and with which severity. */
class AlertDetectorTest {
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private final AlertDetector detector = new AlertDetector();

    private static AlertDetector.Look look(int second, List<ComponentHealth> health, long view, Set<String> peers) {
        return new AlertDetector.Look(T.plusSeconds(second), health, view, view < 0 ? "" : "primary-" + view, peers);
    }

    private static ComponentHealth c(String name, HealthState state, String detail) {
        return new ComponentHealth(name, state, detail);
    }

    @Test
    void theFirstLookIsTheBaselineAndNoChangeIsQuiet() {
        List<ComponentHealth> down = List.of(c("store", HealthState.DOWN, "locked"));
        assertEquals(List.of(), detector.next(look(0, down, 3, Set.of("a"))), "what was so before is no news");
        assertEquals(List.of(), detector.next(look(1, down, 3, Set.of("a"))));
    }

    @Test
    void healthChangesCarryTheirSeverity() {
        detector.next(look(0, List.of(c("consensus", HealthState.UP, ""), c("store", HealthState.UP, "")), 0, null));
        List<Alert> alerts = detector.next(look(1, List.of(c("consensus", HealthState.DEGRADED,
                "no consensus engine installed"), c("store", HealthState.DOWN, "disk full")), 0, null));
        assertEquals(List.of("warning: Component consensus is degraded: no consensus engine installed",
                "critical: Component store is down: disk full"), summaries(alerts));
        assertEquals("up", alerts.get(0).details().get("from"));
        assertEquals("degraded", alerts.get(0).details().get("to"));

        alerts = detector.next(look(2, List.of(c("consensus", HealthState.UP, ""), c("store", HealthState.DOWN,
                "disk full")), 0, null));
        assertEquals(List.of("resolved: Component consensus is up"), summaries(alerts));
        assertEquals(T.plusSeconds(2), alerts.get(0).time());
    }

    @Test
    void aComponentThatAppearsUnwellIsReported() {
        detector.next(look(0, List.of(), -1, null));
        assertEquals(List.of("critical: Component tls is down: no certificate"),
                summaries(detector.next(look(1, List.of(c("tls", HealthState.DOWN, "no certificate")), -1, null))));
    }

    @Test
    void viewChangesAndLostPeersAreWarnings() {
        detector.next(look(0, List.of(), 4, Set.of("peer-a", "peer-b", "peer-c")));
        List<Alert> alerts = detector.next(look(1, List.of(), 5, Set.of("peer-b")));
        assertEquals(List.of("warning: The consensus changed view from 4 to 5; the primary is now primary-5",
                "warning: Peer peer-a disconnected", "warning: Peer peer-c disconnected"), summaries(alerts));
        assertEquals(1, alerts.get(1).details().get("peers"));
    }

    @Test
    void anEngineOrTransportThatLeavesIsNoViewChangeOrPeerLoss() {
        detector.next(look(0, List.of(), 4, Set.of("peer-a")));
        assertEquals(List.of(), detector.next(look(1, List.of(), -1, null)), "the health alert says it, not these");
        assertEquals(List.of(), detector.next(look(2, List.of(), 0, Set.of())), "a new engine starts at its view");
    }

    private static List<String> summaries(List<Alert> alerts) {
        return alerts.stream().map(a -> a.severity() + ": " + a.message()).toList();
    }
}
