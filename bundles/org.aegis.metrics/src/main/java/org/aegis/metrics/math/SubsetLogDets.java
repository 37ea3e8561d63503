package org.aegis.metrics.math;

/**
 * L(M) = ln det Cov(X_M | Y_M) for every non-empty set M of oscillators at once, where X is the state now and Y the
 * state τ samples before, each part predicted from its own past only (docs/metrics.md §3, Φ).
 *
 * <p>With the joint covariance J = [[Σ_Y, Σ_XYᵀ], [Σ_XY, Σ_X]], the conditional covariance is the Schur complement of
 * Σ_Y[M] in J[M], so L(M) = ln det J[M] − ln det Σ_Y[M]. Both determinants of every principal submatrix come from one
 * depth-first walk over the sets in increasing order of their members: a set is its parent (itself less its largest
 * member) plus one oscillator, whose ln det increment is that of the oscillator's block in the parent's conditional
 * covariance of the oscillators after the parent's largest (block LDLᵀ). A child's conditional covariance is its
 * parent's less a rank-4 (J) or rank-2 (Σ_Y) update restricted to the oscillators after the child's largest, so each
 * of the 2^n − 1 sets costs one small update instead of a factorisation from scratch. Only upper triangles are read
 * and written.
 *
 * <p>J's dimensions are grouped by oscillator: 4k, 4k+1 = cos, sin of oscillator k in the past; 4k+2, 4k+3 = now.
 * Σ_Y's: 2k, 2k+1 = cos, sin of oscillator k. Not thread-safe: one instance per computation.
 */
final class SubsetLogDets {
    /** Per child block: the 6 multipliers and 4 inverse pivots of J's block, 1 multiplier and 2 of Σ_Y's. */
    private static final int FACTOR = 16;

    private final int n;
    private final int dj;
    private final int dy;
    /** jLevels[depth]: the conditional covariance of J given the depth oscillators on the current path. */
    private final double[][] jLevels;
    private final double[][] yLevels;
    /** factors[depth]: the block factorisation of each candidate child of the node at that depth. */
    private final double[][] factors;
    /** Rows of L⁻¹·C[block, rest] (z) and the same scaled by the inverse pivots (zs), for the block being added. */
    private final double[] z0;
    private final double[] z1;
    private final double[] z2;
    private final double[] z3;
    private final double[] zs0;
    private final double[] zs1;
    private final double[] zs2;
    private final double[] zs3;
    private final double[] logDets;

    /**
     * @param joint J, 4n × 4n row-major in the grouping above (only the upper triangle is read; used as scratch)
     * @param past  Σ_Y, 2n × 2n row-major in the grouping above (only the upper triangle is read; used as scratch)
     * @param n     the number of oscillators
     */
    SubsetLogDets(double[] joint, double[] past, int n) {
        this.n = n;
        this.dj = 4 * n;
        this.dy = 2 * n;
        this.jLevels = new double[n][];
        this.yLevels = new double[n][];
        jLevels[0] = joint;
        yLevels[0] = past;
        for (int depth = 1; depth < n; depth++) {
            jLevels[depth] = new double[dj * dj];
            yLevels[depth] = new double[dy * dy];
        }
        this.factors = new double[n][n * FACTOR];
        this.z0 = new double[dj];
        this.z1 = new double[dj];
        this.z2 = new double[dj];
        this.z3 = new double[dj];
        this.zs0 = new double[dj];
        this.zs1 = new double[dj];
        this.zs2 = new double[dj];
        this.zs3 = new double[dj];
        this.logDets = new double[1 << n];
    }

    /**
     * @return L indexed by the set's bit mask (bit k = oscillator k); entry 0 (the empty set) is 0
     * @throws IllegalArgumentException when a conditional covariance is not positive definite
     */
    double[] compute() {
        visit(0, 0, 0, 0.0);
        return logDets;
    }

    private void visit(int depth, int first, int mask, double parentLogDet) {
        double[] cj = jLevels[depth];
        double[] cy = yLevels[depth];
        double[] f = factors[depth];
        // First every child's block, then the updates: the factorisations are independent of each other, so the
        // processor overlaps their long chains of divisions.
        for (int k = first; k < n; k++) {
            int b = 4 * k;
            int r0 = b * dj + b;
            int r1 = r0 + dj + 1;
            int r2 = r1 + dj + 1;
            int r3 = r2 + dj + 1;
            // LDLᵀ of oscillator k's 4×4 block of J given the path (upper triangle a_ij, i ≤ j).
            double a01 = cj[r0 + 1];
            double a02 = cj[r0 + 2];
            double a03 = cj[r0 + 3];
            double d0 = cj[r0];
            double i0 = inverse(d0, mask, k);
            double l10 = a01 * i0;
            double l20 = a02 * i0;
            double l30 = a03 * i0;
            double d1 = cj[r1] - l10 * a01;
            double i1 = inverse(d1, mask, k);
            double a12 = cj[r1 + 1] - l20 * a01; // the (2,1) entry after eliminating dimension 0
            double a13 = cj[r1 + 2] - l30 * a01;
            double l21 = a12 * i1;
            double l31 = a13 * i1;
            double d2 = cj[r2] - l20 * a02 - l21 * a12;
            double i2 = inverse(d2, mask, k);
            double a23 = cj[r2 + 1] - l30 * a02 - l31 * a12;
            double l32 = a23 * i2;
            double d3 = cj[r3] - l30 * a03 - l31 * a13 - l32 * a23;
            double i3 = inverse(d3, mask, k);
            // The same for its 2×2 block of Σ_Y.
            int c = 2 * k;
            int q0 = c * dy + c;
            double e0 = cy[q0];
            double j0 = inverse(e0, mask, k);
            double m10 = cy[q0 + 1] * j0;
            double e1 = cy[q0 + dy + 1] - m10 * cy[q0 + 1];
            double j1 = inverse(e1, mask, k);

            logDets[mask | 1 << k] = parentLogDet + logRatio(d0 * d1 * d2 * d3, e0 * e1, d0, d1, d2, d3, e0, e1);
            int at = k * FACTOR;
            f[at] = l10;
            f[at + 1] = l20;
            f[at + 2] = l30;
            f[at + 3] = l21;
            f[at + 4] = l31;
            f[at + 5] = l32;
            f[at + 6] = i0;
            f[at + 7] = i1;
            f[at + 8] = i2;
            f[at + 9] = i3;
            f[at + 10] = m10;
            f[at + 11] = j0;
            f[at + 12] = j1;
        }
        for (int k = first; k < n - 1; k++) { // the last oscillator has no oscillator after it: no update
            conditionJoint(cj, jLevels[depth + 1], 4 * k, f, k * FACTOR);
            conditionPast(cy, yLevels[depth + 1], 2 * k, f, k * FACTOR);
            int set = mask | 1 << k;
            visit(depth + 1, k + 1, set, logDets[set]);
        }
    }

    /** C' = C − Zᵀ·D⁻¹·Z over the dimensions after block b, Z = L⁻¹·C[block, rest] (B = L·D·Lᵀ). */
    private void conditionJoint(double[] from, double[] to, int b, double[] f, int at) {
        double l10 = f[at];
        double l20 = f[at + 1];
        double l30 = f[at + 2];
        double l21 = f[at + 3];
        double l31 = f[at + 4];
        double l32 = f[at + 5];
        double i0 = f[at + 6];
        double i1 = f[at + 7];
        double i2 = f[at + 8];
        double i3 = f[at + 9];
        int d = dj;
        int start = b + 4;
        int r0 = b * d;
        int r1 = r0 + d;
        int r2 = r1 + d;
        int r3 = r2 + d;
        for (int col = start; col < d; col++) { // forward substitution with the unit lower L
            double x0 = from[r0 + col];
            double x1 = from[r1 + col] - l10 * x0;
            double x2 = from[r2 + col] - l20 * x0 - l21 * x1;
            double x3 = from[r3 + col] - l30 * x0 - l31 * x1 - l32 * x2;
            z0[col] = x0;
            z1[col] = x1;
            z2[col] = x2;
            z3[col] = x3;
            zs0[col] = x0 * i0;
            zs1[col] = x1 * i1;
            zs2[col] = x2 * i2;
            zs3[col] = x3 * i3;
        }
        for (int row = start; row < d; row++) {
            double a0 = zs0[row];
            double a1 = zs1[row];
            double a2 = zs2[row];
            double a3 = zs3[row];
            int base = row * d;
            for (int col = row; col < d; col++) {
                to[base + col] = from[base + col] - (a0 * z0[col] + a1 * z1[col] + a2 * z2[col] + a3 * z3[col]);
            }
        }
    }

    /** The same for a 2-dimensional block of Σ_Y. */
    private void conditionPast(double[] from, double[] to, int b, double[] f, int at) {
        double m10 = f[at + 10];
        double j0 = f[at + 11];
        double j1 = f[at + 12];
        int d = dy;
        int start = b + 2;
        int r0 = b * d;
        int r1 = r0 + d;
        for (int col = start; col < d; col++) {
            double x0 = from[r0 + col];
            double x1 = from[r1 + col] - m10 * x0;
            z0[col] = x0;
            z1[col] = x1;
            zs0[col] = x0 * j0;
            zs1[col] = x1 * j1;
        }
        for (int row = start; row < d; row++) {
            double a0 = zs0[row];
            double a1 = zs1[row];
            int base = row * d;
            for (int col = row; col < d; col++) {
                to[base + col] = from[base + col] - (a0 * z0[col] + a1 * z1[col]);
            }
        }
    }

    /** 1/p for a pivot p, which must be positive for the matrix to be positive definite. */
    private double inverse(double p, int mask, int k) {
        if (!(p > 0) || p == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(
                    "covariance not positive definite (oscillators " + members(mask | 1 << k) + ", pivot " + p + ")");
        }
        return 1 / p;
    }

    /**
     * ln(detJ / detY) of a block: one logarithm per set, unless a product left the normal range of doubles (not
     * with the ridge, only for a caller's own near-singular covariance).
     */
    private static double logRatio(double detJ, double detY, double d0, double d1, double d2, double d3, double e0,
            double e1) {
        double ratio = detJ / detY;
        if (detJ >= Double.MIN_NORMAL && detY >= Double.MIN_NORMAL && ratio >= Double.MIN_NORMAL
                && ratio <= Double.MAX_VALUE && detJ <= Double.MAX_VALUE && detY <= Double.MAX_VALUE) {
            return Math.log(ratio);
        }
        return Math.log(d0) + Math.log(d1) + Math.log(d2) + Math.log(d3) - Math.log(e0) - Math.log(e1);
    }

    private String members(int set) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < n; k++) {
            if ((set >> k & 1) != 0) {
                sb.append(sb.length() > 1 ? ", " : "").append(k);
            }
        }
        return sb.append(']').toString();
    }
}
