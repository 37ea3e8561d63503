package org.aegis.metrics.math;

/**
 * cos θ and sin θ of every value of a window, computed once: R, S, Φ and the mean phase all read only these, and
 * the trigonometry is a large part of a window's cost.
 */
final class UnitPhasors {
    final int samples;
    final int oscillators;
    /** cos θ_k(s) at {@code s * oscillators + k}. */
    final double[] cos;
    /** sin θ_k(s) at {@code s * oscillators + k}. */
    final double[] sin;

    private UnitPhasors(int samples, int oscillators) {
        this.samples = samples;
        this.oscillators = oscillators;
        this.cos = new double[samples * oscillators];
        this.sin = new double[samples * oscillators];
    }

    static UnitPhasors of(PhaseWindow w) {
        UnitPhasors u = new UnitPhasors(w.samples(), w.oscillators());
        int n = u.oscillators;
        for (int s = 0; s < u.samples; s++) {
            for (int k = 0; k < n; k++) {
                double theta = w.phase(s, k);
                u.cos[s * n + k] = Math.cos(theta);
                u.sin[s * n + k] = Math.sin(theta);
            }
        }
        return u;
    }
}
