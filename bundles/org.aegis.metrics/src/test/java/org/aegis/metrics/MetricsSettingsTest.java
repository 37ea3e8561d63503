package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.aegis.metrics.math.MetricWeights;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {
    @Test
    void defaultsAreMetricsMdsDefaults() {
        MetricsSettings s = MetricsSettings.from(TestConfig.defaults());
        assertEquals(MetricsSettings.defaults(), s);
        assertEquals(20, s.tickHz());
        assertEquals(0.05, s.dt(), 1e-15);
        assertEquals(50_000_000L, s.tickPeriodNanos());
        assertEquals(20, s.ticksPerPhi());
        assertEquals(2 * Math.PI, s.omega0());
        assertEquals(1200, s.window());
        assertEquals(Duration.ofSeconds(3), s.staleness());
        assertEquals(MetricWeights.DEFAULT, s.weights());
        assertEquals(Duration.ofDays(1), s.historyRetention());
        assertEquals("aegis/metrics/1", s.topic());
        assertTrue(s.windowAllowsReports());
    }

    @Test
    void rejectsWithThePropertyAndTheRange() {
        assertRejected(Map.of("tickHz", 0.0), "tickHz", "at most 1000");
        assertRejected(Map.of("tickHz", 1000.5), "tickHz", "at most 1000");
        assertRejected(Map.of("tickHz", Double.NaN), "tickHz", "greater than 0");
        assertRejected(Map.of("window", 53), "window", "54");
        assertRejected(Map.of("window", 100_001), "window", "100000");
        assertRejected(Map.of("lag", 0), "lag", "at least 1");
        assertRejected(Map.of("window", 100, "lag", 50), "lag", "below window/2");
        assertRejected(Map.of("coupling", -1.0), "coupling", "at least 0");
        assertRejected(Map.of("externalCoupling", Double.POSITIVE_INFINITY), "externalCoupling", "finite");
        assertRejected(Map.of("noise", Double.NaN), "noise", "at least 0");
        assertRejected(Map.of("spread", -0.1), "spread", "at least 0");
        assertRejected(Map.of("omega0", Double.NaN), "omega0", "finite");
        assertRejected(Map.of("stalenessSeconds", 0.0), "stalenessSeconds", "greater than 0");
        assertRejected(Map.of("phiIntervalMs", 10L), "phiIntervalMs", "50 to 3600000");
        assertRejected(Map.of("historyIntervalMs", 10L), "historyIntervalMs", "100 to");
        assertRejected(Map.of("historyRetention", "one day"), "historyRetention", "ISO-8601");
        assertRejected(Map.of("historyRetention", "PT0S"), "historyRetention", "PT1S");
        assertRejected(Map.of("historyRetention", ""), "historyRetention", "must not be empty");
        assertRejected(Map.of("topic", " "), "topic", "must not be empty");
        assertRejected(Map.of("topic", "a b"), "topic", "whitespace");
        assertRejected(Map.of("weightPhi", -0.1), "weightPhi", "at least 0");
        assertRejected(Map.of("weightPhi", 0.5), "sum to 1", "1.1");
    }

    @Test
    void acceptsTheLimits() {
        MetricsSettings s = MetricsSettings.from(TestConfig.with(Map.of("tickHz", 1000.0, "window", 54, "lag", 26,
                "weightPhi", 1.0, "weightCoherence", 0.0, "weightStability", 0.0, "weightDivergence", 0.0,
                "historyRetention", " PT12H ", "seed", -5L)));
        assertEquals(1000, s.tickHz());
        assertEquals(1_000_000L, s.tickPeriodNanos());
        assertEquals(1000, s.ticksPerPhi());
        assertEquals(Duration.ofHours(12), s.historyRetention());
        assertEquals(-5L, s.seed());
        assertFalse(s.windowAllowsReports());
        assertEquals(new MetricWeights(1, 0, 0, 0), s.weights());
    }

    @Test
    void decimalWeightsThatSumToOneWithRoundingAreAccepted() {
        MetricsSettings s = MetricsSettings.from(TestConfig.with(Map.of("weightPhi", 0.1, "weightCoherence", 0.2,
                "weightStability", 0.3, "weightDivergence", 0.4)));
        assertEquals(0.4, s.weights().divergence());
    }

    @Test
    void whatRebuildsTheNetwork() {
        MetricsSettings base = MetricsSettings.defaults();
        assertTrue(base.rebuildsNetwork(from(Map.of("window", 600))));
        assertTrue(base.rebuildsNetwork(from(Map.of("seed", 3L))));
        assertTrue(base.rebuildsNetwork(from(Map.of("tickHz", 10.0))));
        assertFalse(base.rebuildsNetwork(from(Map.of("coupling", 8.0, "noise", 0.1, "omega0", 1.0))));
        assertFalse(base.rebuildsNetwork(from(Map.of("lag", 2, "phiIntervalMs", 500L))));
    }

    private static MetricsSettings from(Map<String, Object> properties) {
        return MetricsSettings.from(TestConfig.with(properties));
    }

    private static void assertRejected(Map<String, Object> properties, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(properties),
                properties.toString());
        assertTrue(e.getMessage().startsWith("Invalid configuration org.aegis.metrics: "), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }
}
