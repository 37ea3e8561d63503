package org.aegis.metrics.math;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.metrics.Bipartition;

/**
 * Φ, the stochastic interaction across the minimum information bipartition, Gaussian estimate (docs/metrics.md §3), exact:
 * every one of the 2^{n−1} − 1 bipartitions is evaluated, up to 16 oscillators.
 *
 * <p>The log-determinants of all 2^n sets of oscillators come from one pass of {@link SubsetLogDets}; a bipartition
 * then costs two look-ups. Immutable and thread-safe; each call allocates its own scratch.
 */
public final class GaussianPhi {
    /** Added to the diagonals of Σ_X and Σ_Y: keeps a deterministic window (constant, splay) finite. */
    static final double RIDGE = 1e-6;
    /** A later bipartition replaces the best so far only when its score is lower by more than this. */
    static final double TIE = 1e-12;

    private final int lag;

    /** @param lag τ in samples, ≥ 1: Φ compares the state now with the state τ samples before */
    public GaussianPhi(int lag) {
        if (lag < 1) {
            throw new IllegalArgumentException("lag must be at least 1 sample, got " + lag);
        }
        this.lag = lag;
    }

    /**
     * Φ of a window: the sample covariances of the state x = (cos θ, sin θ) now and τ samples before, with the ridge.
     *
     * @throws IllegalArgumentException for a window that {@link WindowCalculator} would reject, or when a covariance
     *                                  is not positive definite
     */
    public PhiResult compute(PhaseWindow w) {
        WindowChecks.check(w, lag);
        return compute(UnitPhasors.of(w));
    }

    /**
     * Φ from given covariances, e.g. the exact ones of a stationary VAR(1); no ridge is added.
     *
     * @param sx  Σ_X, 2n × 2n: dimensions cos θ_0..θ_{n−1}, then sin θ_0..θ_{n−1}
     * @param sy  Σ_Y, the same for the past
     * @param sxy Σ_XY = Cov(now, past)
     * @throws IllegalArgumentException for a wrong shape, a non-finite entry, or a covariance that is not positive
     *                                  definite
     */
    public PhiResult fromCovariance(double[][] sx, double[][] sy, double[][] sxy) {
        int d = checkSquare(sx, "sx", -1);
        checkSquare(sy, "sy", d);
        checkSquare(sxy, "sxy", d);
        if (d % 2 != 0) {
            throw new IllegalArgumentException("covariances must be 2n × 2n, got " + d + " × " + d);
        }
        int n = d / 2;
        if (n < WindowChecks.MIN_OSCILLATORS || n > WindowChecks.MAX_OSCILLATORS) {
            throw new IllegalArgumentException("need 2 to " + WindowChecks.MAX_OSCILLATORS
                    + " oscillators (covariances 4 × 4 to 32 × 32), got " + n);
        }
        double[] x = new double[d * d];
        double[] y = new double[d * d];
        double[] xy = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (sx[i][j] + sx[j][i]) / 2; // a covariance is symmetric; average away round-off
                y[i * d + j] = (sy[i][j] + sy[j][i]) / 2;
                xy[i * d + j] = sxy[i][j];
            }
        }
        return search(x, y, xy, n);
    }

    PhiResult compute(UnitPhasors u) {
        int n = u.oscillators;
        int d = 2 * n;
        int samples = u.samples;
        int m = samples - lag;
        // The state, shifted by its window mean: sums of products of small numbers lose no precision to the
        // later correction for each side's own mean.
        double[] y = new double[samples * d];
        double[] shift = new double[d];
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < n; k++) {
                shift[k] += u.cos[s * n + k];
                shift[n + k] += u.sin[s * n + k];
            }
        }
        for (int i = 0; i < d; i++) {
            shift[i] /= samples;
        }
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < n; k++) {
                y[s * d + k] = u.cos[s * n + k] - shift[k];
                y[s * d + n + k] = u.sin[s * n + k] - shift[n + k];
            }
        }
        // now = samples [lag, T), past = [0, T − lag); both share [lag, T − lag) when it is not empty.
        int shared = Math.max(lag, samples - lag);
        double[] middle = new double[d * d];
        addOuter(y, d, lag, shared, middle);
        double[] x = middle.clone();
        addOuter(y, d, shared, samples, x);
        double[] p = middle;
        addOuter(y, d, 0, Math.min(lag, samples - lag), p);
        double[] xy = new double[d * d];
        addLagged(y, d, lag, samples, xy);

        double[] meanNow = new double[d];
        double[] meanPast = new double[d];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < d; i++) {
                double v = y[s * d + i];
                if (s >= lag) {
                    meanNow[i] += v;
                }
                if (s < m) {
                    meanPast[i] += v;
                }
            }
        }
        for (int i = 0; i < d; i++) {
            meanNow[i] /= m;
            meanPast[i] /= m;
        }
        double norm = m - 1.0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                int ij = i * d + j;
                xy[ij] = (xy[ij] - m * meanNow[i] * meanPast[j]) / norm;
                if (i <= j) { // addOuter filled the upper triangles only
                    x[ij] = (x[ij] - m * meanNow[i] * meanNow[j]) / norm;
                    p[ij] = (p[ij] - m * meanPast[i] * meanPast[j]) / norm;
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                x[i * d + j] = x[j * d + i];
                p[i * d + j] = p[j * d + i];
            }
            x[i * d + i] += RIDGE;
            p[i * d + i] += RIDGE;
        }
        return search(x, p, xy, n);
    }

    /**
     * target += Σ_{s ∈ [from, to)} y_s·y_sᵀ, upper triangle. Four samples a pass: each entry of the target is loaded
     * and stored once for four products, and the inner loop over j vectorises.
     */
    private static void addOuter(double[] y, int d, int from, int to, double[] target) {
        int s = from;
        for (; s + 4 <= to; s += 4) {
            int b0 = s * d;
            int b1 = b0 + d;
            int b2 = b1 + d;
            int b3 = b2 + d;
            for (int i = 0; i < d; i++) {
                double a0 = y[b0 + i];
                double a1 = y[b1 + i];
                double a2 = y[b2 + i];
                double a3 = y[b3 + i];
                int row = i * d;
                for (int j = i; j < d; j++) {
                    target[row + j] += a0 * y[b0 + j] + a1 * y[b1 + j] + a2 * y[b2 + j] + a3 * y[b3 + j];
                }
            }
        }
        for (; s < to; s++) {
            int base = s * d;
            for (int i = 0; i < d; i++) {
                double yi = y[base + i];
                int row = i * d;
                for (int j = i; j < d; j++) {
                    target[row + j] += yi * y[base + j];
                }
            }
        }
    }

    /** target += Σ_{s ∈ [from, to)} y_s·y_{s−lag}ᵀ, four samples a pass as in {@link #addOuter}. */
    private void addLagged(double[] y, int d, int from, int to, double[] target) {
        int s = from;
        int shift = lag * d;
        for (; s + 4 <= to; s += 4) {
            int b0 = s * d;
            int b1 = b0 + d;
            int b2 = b1 + d;
            int b3 = b2 + d;
            int p0 = b0 - shift;
            int p1 = b1 - shift;
            int p2 = b2 - shift;
            int p3 = b3 - shift;
            for (int i = 0; i < d; i++) {
                double a0 = y[b0 + i];
                double a1 = y[b1 + i];
                double a2 = y[b2 + i];
                double a3 = y[b3 + i];
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    target[row + j] += a0 * y[p0 + j] + a1 * y[p1 + j] + a2 * y[p2 + j] + a3 * y[p3 + j];
                }
            }
        }
        for (; s < to; s++) {
            int now = s * d;
            int past = now - shift;
            for (int i = 0; i < d; i++) {
                double yi = y[now + i];
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    target[row + j] += yi * y[past + j];
                }
            }
        }
    }

    /**
     * The MIB search over Σ_X, Σ_Y, Σ_XY (2n × 2n row-major, cos dimensions then sin). Masks of M1 run upward over
     * 1 .. 2^{n−1} − 1, so the last oscillator is always in M2 and every bipartition is seen once.
     */
    private static PhiResult search(double[] sx, double[] sy, double[] sxy, int n) {
        int d = 2 * n;
        int dj = 4 * n;
        int dy = 2 * n;
        double[] joint = new double[dj * dj];
        double[] past = new double[dy * dy];
        for (int p = 0; p < n; p++) {
            for (int a = 0; a < 4; a++) {
                int row = 4 * p + a;
                int stateRow = (a & 1) * n + p; // cos or sin of oscillator p
                boolean rowNow = a >= 2;
                for (int q = 0; q < n; q++) {
                    for (int b = 0; b < 4; b++) {
                        int col = 4 * q + b;
                        int stateCol = (b & 1) * n + q;
                        boolean colNow = b >= 2;
                        double v;
                        if (rowNow && colNow) {
                            v = sx[stateRow * d + stateCol];
                        } else if (rowNow) {
                            v = sxy[stateRow * d + stateCol];
                        } else if (colNow) {
                            v = sxy[stateCol * d + stateRow];
                        } else {
                            v = sy[stateRow * d + stateCol];
                        }
                        joint[row * dj + col] = v;
                    }
                }
                if (!rowNow) {
                    for (int q = 0; q < n; q++) {
                        for (int b = 0; b < 2; b++) {
                            past[(2 * p + a) * dy + 2 * q + b] = sy[stateRow * d + (b & 1) * n + q];
                        }
                    }
                }
            }
        }
        double[] logDets = new SubsetLogDets(joint, past, n).compute();

        int all = (1 << n) - 1;
        double whole = logDets[all];
        int bestMask = 0;
        double bestScore = Double.NaN;
        double bestEffect = Double.NaN;
        for (int mask = 1; mask < 1 << (n - 1); mask++) {
            double effect = 0.5 * (logDets[mask] + logDets[all ^ mask] - whole);
            int size = Integer.bitCount(mask);
            double score = effect / Math.min(size, n - size);
            if (mask == 1 || score < bestScore - TIE) {
                bestMask = mask;
                bestScore = score;
                bestEffect = effect;
            }
        }
        return new PhiResult(Math.max(0.0, bestEffect), bipartition(bestMask, n));
    }

    private static Bipartition bipartition(int mask, int n) {
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ((mask >> k & 1) != 0 ? first : second).add(k);
        }
        return new Bipartition(List.copyOf(first), List.copyOf(second));
    }

    private static int checkSquare(double[][] m, String name, int expected) {
        if (m == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        int d = expected < 0 ? m.length : expected;
        if (m.length != d) {
            throw new IllegalArgumentException(name + " has " + m.length + " rows, expected " + d);
        }
        for (int i = 0; i < d; i++) {
            if (m[i] == null || m[i].length != d) {
                throw new IllegalArgumentException(name + " row " + i + " has "
                        + (m[i] == null ? "no" : String.valueOf(m[i].length)) + " values, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is " + m[i][j]);
                }
            }
        }
        return d;
    }
}
