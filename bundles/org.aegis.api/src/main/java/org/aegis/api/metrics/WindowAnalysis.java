package org.aegis.api.metrics;

/**
 * All metrics of one window of phases (docs/metrics.md §2–§3).
 *
 * @param metrics      Φ, R, S, D and C
 * @param mib          the minimum information bipartition
 * @param phiReliable  false when the window is shorter than 20·n samples, where Φ is dominated by bias
 * @param mibExact     true when every bipartition was enumerated (always, up to 16 oscillators)
 * @param oscillators  n
 * @param samples      T
 */
public record WindowAnalysis(ConsciousnessMetrics metrics, Bipartition mib, boolean phiReliable, boolean mibExact,
        int oscillators, int samples) {
}
