package org.aegis.metrics.math;

import org.aegis.api.metrics.MetricsCalculator;

/**
 * The shape a window must have (docs/metrics.md §2), with messages that name the problem: rows and columns are counted
 * from 0, as in the array.
 */
final class WindowChecks {
    static final int MIN_OSCILLATORS = 2;
    static final int MAX_OSCILLATORS = MetricsCalculator.MAX_OSCILLATORS;

    private WindowChecks() {
    }

    /**
     * The fewest samples for n oscillators at a lag: T − τ pairs must be at least 4n + 1 so that the 4n-dimensional
     * sample covariance of (now, past) can have full rank. For τ = 1 this is docs/metrics.md's 4n + 2.
     */
    static int minSamples(int oscillators, int lag) {
        return 4 * oscillators + 1 + lag;
    }

    static void check(double[][] rows, int lag) {
        if (rows == null) {
            throw new IllegalArgumentException("phases must not be null");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("phases are empty: no samples");
        }
        if (rows[0] == null) {
            throw new IllegalArgumentException("row 0 is null");
        }
        int n = rows[0].length;
        // the shape first: a ragged row says more about the input than the counts it throws off
        for (int s = 0; s < rows.length; s++) {
            if (rows[s] == null) {
                throw new IllegalArgumentException("row " + s + " is null");
            }
            if (rows[s].length != n) {
                throw new IllegalArgumentException(
                        "row " + s + " has " + rows[s].length + " values, expected " + n);
            }
        }
        checkCounts(rows.length, n, lag);
        for (int s = 0; s < rows.length; s++) {
            for (int k = 0; k < n; k++) {
                checkValue(rows[s][k], s, k);
            }
        }
    }

    static void check(PhaseWindow window, int lag) {
        if (window == null) {
            throw new IllegalArgumentException("phase window must not be null");
        }
        if (window instanceof ArrayPhaseWindow array) {
            check(array.rows(), lag); // can also tell ragged or missing rows
            return;
        }
        if (window.samples() <= 0) {
            throw new IllegalArgumentException("phases are empty: no samples");
        }
        int n = window.oscillators();
        checkCounts(window.samples(), n, lag);
        for (int s = 0; s < window.samples(); s++) {
            for (int k = 0; k < n; k++) {
                checkValue(window.phase(s, k), s, k);
            }
        }
    }

    private static void checkCounts(int samples, int n, int lag) {
        if (n < MIN_OSCILLATORS) {
            throw new IllegalArgumentException("need at least " + MIN_OSCILLATORS + " oscillators, got " + n);
        }
        if (n > MAX_OSCILLATORS) {
            throw new IllegalArgumentException("at most " + MAX_OSCILLATORS + " oscillators, got " + n);
        }
        int min = minSamples(n, lag);
        if (samples < min) {
            String rule = lag == 1 ? "4·n+2" : "4·n+1+lag";
            String at = lag == 1 ? "" : " at lag " + lag;
            throw new IllegalArgumentException("need at least " + rule + " = " + min + " samples for " + n
                    + " oscillators" + at + ", got " + samples);
        }
    }

    private static void checkValue(double value, int sample, int oscillator) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "value at row " + sample + ", column " + oscillator + " is " + value);
        }
    }
}
