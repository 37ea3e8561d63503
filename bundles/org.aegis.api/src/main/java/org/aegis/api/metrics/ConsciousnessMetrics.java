package org.aegis.api.metrics;

/**
 * A node's metrics over its window (docs/metrics.md §3).
 *
 * @param phi                Φ, integrated information across the minimum information bipartition (nats)
 * @param coherence          R, window mean of the Kuramoto order parameter
 * @param stability          S, mean pairwise phase-locking value
 * @param divergence         D, Jensen–Shannon divergence of the earlier and later half (base 2)
 * @param consciousnessLevel C, the weighted combination that becomes the vote weight
 */
public record ConsciousnessMetrics(double phi, double coherence, double stability, double divergence,
        double consciousnessLevel) {
}
