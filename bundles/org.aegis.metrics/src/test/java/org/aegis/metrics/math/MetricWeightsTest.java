package org.aegis.metrics.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricWeightsTest {
    @Test
    void defaultsAreThoseOfMetricsMd() {
        assertEquals(new MetricWeights(0.4, 0.2, 0.2, 0.2), MetricWeights.DEFAULT);
    }

    @Test
    void decimalWeightsSummingToOneAreAccepted() {
        new MetricWeights(0.1, 0.2, 0.3, 0.4);
        new MetricWeights(1, 0, 0, 0);
        new MetricWeights(0.7, 0.1, 0.1, 0.1);
    }

    @Test
    void badWeightsAreRejectedNamingTheWeightsAndTheProblem() {
        assertMessage("metric weights (phi -0.1, coherence 0.5, stability 0.3, divergence 0.3): phi weight is negative",
                -0.1, 0.5, 0.3, 0.3);
        assertMessage("metric weights (phi 0.4, coherence NaN, stability 0.2, divergence 0.2): "
                + "coherence weight is not finite", 0.4, Double.NaN, 0.2, 0.2);
        assertMessage("metric weights (phi 0.4, coherence 0.2, stability Infinity, divergence 0.2): "
                + "stability weight is not finite", 0.4, 0.2, Double.POSITIVE_INFINITY, 0.2);
        assertMessage("metric weights (phi 0.4, coherence 0.2, stability 0.2, divergence 0.3): "
                + "weights must sum to 1, they sum to 1.1", 0.4, 0.2, 0.2, 0.3);
        assertMessage("metric weights (phi 0.25, coherence 0.25, stability 0.25, divergence 0.2499): "
                + "weights must sum to 1, they sum to 0.9999", 0.25, 0.25, 0.25, 0.2499);
    }

    @Test
    void consciousnessLevelIsTheWeightedSum() {
        double c = ConsciousnessLevel.of(Math.log(2), 0.5, 0.25, 0.75, MetricWeights.DEFAULT);
        assertEquals(0.4 * 0.5 + 0.2 * 0.5 + 0.2 * 0.25 + 0.2 * 0.25, c, 1e-15);
        assertEquals(1.0, ConsciousnessLevel.of(Double.POSITIVE_INFINITY, 1, 1, 0, MetricWeights.DEFAULT), 1e-15);
    }

    private static void assertMessage(String expected, double phi, double r, double s, double d) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> new MetricWeights(phi, r, s, d))
                .getMessage());
    }
}
