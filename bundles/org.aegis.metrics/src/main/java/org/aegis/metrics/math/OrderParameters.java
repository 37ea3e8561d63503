package org.aegis.metrics.math;

/** The order parameters of a window (docs/metrics.md §3): R, S and the mean-field phase of §4. */
public final class OrderParameters {
    /** Below this |z| the mean-field phase is undefined (a splay state) and reported as 0. */
    static final double ZERO_MODULUS = 1e-15;

    private OrderParameters() {
    }

    /** R = (1/T)·Σ_s |z(s)|, z(s) = (1/n)·Σ_k e^{iθ_k(s)}: the window mean of the Kuramoto order parameter. */
    public static double coherence(PhaseWindow w) {
        return coherence(UnitPhasors.of(w));
    }

    /** S = mean over ordered pairs j ≠ k of |(1/T)·Σ_s e^{i(θ_j(s) − θ_k(s))}|: the mean phase-locking value. */
    public static double stability(PhaseWindow w) {
        return stability(UnitPhasors.of(w));
    }

    /** arg z at the last sample, in (−π, π]; 0 when |z| is (numerically) 0. */
    public static double meanPhase(PhaseWindow w) {
        int last = w.samples() - 1;
        int n = w.oscillators();
        if (last < 0 || n < 1) {
            throw new IllegalArgumentException("no mean phase of an empty window (" + w.samples() + " samples, "
                    + n + " oscillators)");
        }
        double re = 0;
        double im = 0;
        for (int k = 0; k < n; k++) {
            double theta = w.phase(last, k);
            re += Math.cos(theta);
            im += Math.sin(theta);
        }
        re /= n;
        im /= n;
        return Math.sqrt(re * re + im * im) <= ZERO_MODULUS ? 0.0 : Math.atan2(im, re);
    }

    static double coherence(UnitPhasors u) {
        int n = u.oscillators;
        double total = 0;
        for (int s = 0; s < u.samples; s++) {
            double re = 0;
            double im = 0;
            for (int k = s * n, end = k + n; k < end; k++) {
                re += u.cos[k];
                im += u.sin[k];
            }
            re /= n;
            im /= n;
            total += Math.sqrt(re * re + im * im);
        }
        return total / u.samples;
    }

    static double stability(UnitPhasors u) {
        int n = u.oscillators;
        // Σ_s e^{iθ_j}·e^{−iθ_k} for j < k, row j at j*n; |·| is the same for (k, j), so half the pairs suffice.
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        for (int s = 0; s < u.samples; s++) {
            int row = s * n;
            for (int j = 0; j < n - 1; j++) {
                double cj = u.cos[row + j];
                double sj = u.sin[row + j];
                int pair = j * n;
                for (int k = j + 1; k < n; k++) {
                    double ck = u.cos[row + k];
                    double sk = u.sin[row + k];
                    re[pair + k] += cj * ck + sj * sk;
                    im[pair + k] += sj * ck - cj * sk;
                }
            }
        }
        double sum = 0;
        for (int j = 0; j < n - 1; j++) {
            for (int k = j + 1; k < n; k++) {
                double a = re[j * n + k];
                double b = im[j * n + k];
                sum += Math.sqrt(a * a + b * b) / u.samples;
            }
        }
        return 2 * sum / (n * (n - 1.0));
    }
}
