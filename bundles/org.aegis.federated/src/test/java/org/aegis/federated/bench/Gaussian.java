package org.aegis.federated.bench;

import java.util.random.RandomGenerator;

/** The standard normal distribution: draws (Box–Muller), its CDF Φ and quantile Φ⁻¹ (by bisection). */
final class Gaussian {
    private Gaussian() {
    }

    static double next(RandomGenerator random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }

    /** Φ(x) = (1 + erf(x/√2)) / 2, erf by its Maclaurin series (|x| ≤ 6 is all the quantile needs). */
    static double cdf(double x) {
        double t = x / Math.sqrt(2);
        double term = t;
        double sum = t;
        for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= -t * t / n;
            sum += term / (2 * n + 1);
        }
        return 0.5 * (1 + 2 / Math.sqrt(Math.PI) * sum);
    }

    /** Φ⁻¹(p) for p in (0, 1), to about 1e-12. */
    static double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("quantile of " + p);
        }
        double low = -6;
        double high = 6;
        for (int i = 0; i < 60; i++) {
            double mid = (low + high) / 2;
            if (cdf(mid) < p) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
