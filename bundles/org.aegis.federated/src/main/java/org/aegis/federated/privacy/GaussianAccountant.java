package org.aegis.federated.privacy;

import org.aegis.api.learning.PrivacyBudget;

/**
 * The privacy budget of composed Gaussian mechanisms, by Rényi differential privacy (Mironov 2017): a mechanism
 * with noise σ times its sensitivity has Rényi divergence α/(2σ²) at order α, and those of composed mechanisms add
 * up. The conversion to (ε, δ) is the tighter one of Balle et al. 2020 ("Hypothesis testing interpretations and
 * Rényi differential privacy", Thm. 21), minimised over a fixed grid of orders, as Opacus and TensorFlow Privacy
 * do. Every participant takes part in every round (no sampling), so there is no amplification to account for.
 */
public final class GaussianAccountant {
    /** Orders 1.1 to 10.9 in steps of 0.1, then 11 to 63, then 128 and 256 (TensorFlow Privacy's default grid). */
    private static final double[] ORDERS = orders();

    private GaussianAccountant() {
    }

    /** The budget after one more round with noise multiplier {@code sigma}, on top of {@code before} (null: none). */
    public static PrivacyBudget compose(PrivacyBudget before, double sigma, double delta) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("noise multiplier must be positive, was " + sigma);
        }
        double inverseNoiseSquares = (before == null ? 0 : before.inverseNoiseSquares()) + 1 / (sigma * sigma);
        int rounds = (before == null ? 0 : before.rounds()) + 1;
        return new PrivacyBudget(epsilon(inverseNoiseSquares, delta), delta, rounds, inverseNoiseSquares);
    }

    /** ε at {@code delta} of Gaussian mechanisms whose Σ 1/σ² is {@code inverseNoiseSquares}. */
    public static double epsilon(double inverseNoiseSquares, double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
        double best = Double.POSITIVE_INFINITY;
        for (double alpha : ORDERS) {
            double rdp = alpha * inverseNoiseSquares / 2;
            double epsilon = rdp + Math.log1p(-1 / alpha) - (Math.log(delta) + Math.log(alpha)) / (alpha - 1);
            best = Math.min(best, epsilon);
        }
        return Math.max(0, best);
    }

    private static double[] orders() {
        double[] orders = new double[99 + 53 + 2];
        int i = 0;
        for (int x = 1; x < 100; x++) {
            orders[i++] = 1 + x / 10.0;
        }
        for (int order = 11; order < 64; order++) {
            orders[i++] = order;
        }
        orders[i++] = 128;
        orders[i] = 256;
        return orders;
    }
}
