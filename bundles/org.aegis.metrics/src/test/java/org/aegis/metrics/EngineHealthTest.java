package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;
import org.junit.jupiter.api.Test;

class EngineHealthTest {
    static final MetricsSettings SETTINGS = MetricsSettings.defaults();
    /** 40 ticks at 20 Hz, measured over 2 s. */
    static final TickStats.Summary STEADY = new TickStats.Summary(40, 50.0, 50.04, 51.26, 20.0, 2.0);
    static final String STEADY_DETAIL = "tick 20 Hz (interval mean 50.0 ms, p99 50.0 ms, max 51.3 ms), window 40/1200,"
            + " Φ every 1000 ms (last 3 ms, 2 skipped), 1 peers, 0 messages dropped";

    static EngineHealth health(MetricsSettings settings, String rejection, TickStats.Summary tick, long tickFailures,
            String historyProblem, Map<DropReason, Long> drops) {
        return new EngineHealth(settings, rejection, tick, tickFailures, 40, settings.window(), 3_400_000, 2,
                historyProblem, 1, drops);
    }

    @Test
    void upWithTheFiguresOnly() {
        ComponentHealth health = health(SETTINGS, null, STEADY, 0, null, Map.of()).toComponentHealth();
        assertEquals(new ComponentHealth("metrics", HealthState.UP, STEADY_DETAIL), health);
    }

    @Test
    void degradedWithEveryProblemFirstInTheirOrder() {
        MetricsSettings shortWindow = MetricsSettings.from(TestConfig.with(Map.of("window", 100)));
        TickStats.Summary slow = new TickStats.Summary(100, 80.0, 80.0, 80.0, 12.5, 8.0);
        ComponentHealth health = health(shortWindow, "Invalid configuration org.aegis.metrics: bad", slow, 3,
                "disk full", Map.of()).toComponentHealth();
        assertEquals(HealthState.DEGRADED, health.state());
        assertEquals("configuration rejected: Invalid configuration org.aegis.metrics: bad (running with the previous"
                + " configuration); tick falls behind: 12.5 Hz of 20 Hz over the last 8 s; window 100 is below 20·n ="
                + " 260 samples, so no report is made (docs/metrics.md §2); history not stored: disk full; 3 ticks failed;"
                + " tick 20 Hz (interval mean 80.0 ms, p99 80.0 ms, max 80.0 ms), window 40/100, Φ every 1000 ms"
                + " (last 3 ms, 2 skipped), 1 peers, 0 messages dropped", health.detail());
    }

    @Test
    void theRateIsJudgedOnlyOnceMeasuredForTwoSeconds() {
        TickStats.Summary early = new TickStats.Summary(5, 50.0, 50.0, 50.0, 5.0, 1.9);
        assertEquals(HealthState.UP, health(SETTINGS, null, early, 0, null, Map.of()).toComponentHealth().state());
        TickStats.Summary justBehind = new TickStats.Summary(40, 50.0, 50.0, 50.0, 17.9, 2.0);
        assertEquals(HealthState.DEGRADED,
                health(SETTINGS, null, justBehind, 0, null, Map.of()).toComponentHealth().state());
    }

    @Test
    void dropsAreListedInTheReasonsOrderAndCopied() {
        Map<DropReason, Long> drops = new HashMap<>();
        drops.put(DropReason.INTERNAL_ERROR, 2L);
        drops.put(DropReason.TOO_LARGE, 1L);
        EngineHealth health = health(SETTINGS, null, STEADY, 0, null, drops);
        drops.put(DropReason.MALFORMED, 5L);
        assertEquals(HealthState.UP, health.toComponentHealth().state());
        assertEquals(STEADY_DETAIL.replace("0 messages dropped", "3 messages dropped (too_large 1, internal_error 2)"),
                health.toComponentHealth().detail());
    }
}
