package org.aegis.metrics.math;

/**
 * D, how far the recent configuration has moved from the earlier one (docs/metrics.md §3): the Jensen–Shannon divergence,
 * base 2, between the histograms of the phases relative to oscillator 0 in the first ⌊T/2⌋ samples and in the rest.
 */
public final class PhaseDivergence {
    static final int BINS = 16;
    private static final double TWO_PI = 2 * Math.PI;
    private static final double LN_2 = Math.log(2);

    private PhaseDivergence() {
    }

    public static double divergence(PhaseWindow w) {
        int samples = w.samples();
        int n = w.oscillators();
        int half = samples / 2;
        long[] earlier = new long[BINS];
        long[] later = new long[BINS];
        for (int s = 0; s < samples; s++) {
            long[] counts = s < half ? earlier : later;
            double centre = w.phase(s, 0);
            for (int k = 1; k < n; k++) {
                counts[bin(w.phase(s, k) - centre)]++;
            }
        }
        double[] p = normalise(earlier, (long) half * (n - 1));
        double[] q = normalise(later, (long) (samples - half) * (n - 1));
        double[] mid = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            mid[b] = (p[b] + q[b]) / 2;
        }
        return 0.5 * klBits(p, mid) + 0.5 * klBits(q, mid);
    }

    /**
     * The bin of a relative phase, wrapped into [−π, π) by ((x + π) mod 2π) − π with a floor-mod: the same floating
     * point operations, in the same order, as the reference, so that values on a bin edge land in the same bin.
     */
    static int bin(double relative) {
        double m = (relative + Math.PI) % TWO_PI; // fmod: the sign of the dividend
        if (m < 0) {
            m += TWO_PI; // floor-mod, as Python's and numpy's % for a positive divisor
        }
        double wrapped = m - Math.PI;
        return (int) Math.min(BINS - 1, Math.floor((wrapped + Math.PI) / TWO_PI * BINS));
    }

    private static double[] normalise(long[] counts, long total) {
        double[] p = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            p[b] = total == 0 ? 0 : (double) counts[b] / total;
        }
        return p;
    }

    /** KL(a ‖ b) in bits, with 0·log 0 = 0. */
    private static double klBits(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > 0) {
                sum += a[i] * (Math.log(a[i] / b[i]) / LN_2);
            }
        }
        return sum;
    }
}
