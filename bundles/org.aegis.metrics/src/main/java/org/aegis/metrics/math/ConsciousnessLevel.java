package org.aegis.metrics.math;

/** C, the consciousness level (docs/metrics.md §3). */
public final class ConsciousnessLevel {
    private ConsciousnessLevel() {
    }

    /**
     * C = w_Φ·(1 − e^{−Φ}) + w_R·R + w_S·S + w_D·(1 − D). Φ is unbounded (nats), so it enters through 1 − e^{−Φ}
     * to keep C in [0, 1]; D enters as 1 − D because a configuration that moves less is the steadier one.
     */
    public static double of(double phi, double r, double s, double d, MetricWeights w) {
        return w.phi() * (1 - Math.exp(-phi)) + w.coherence() * r + w.stability() * s + w.divergence() * (1 - d);
    }
}
