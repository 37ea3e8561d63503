package org.aegis.metrics.math;

import java.util.Objects;

/**
 * A window of T samples of n phases (radians, wrapped or unwrapped: only sin and cos are used), oldest sample
 * first. Implementations may be views over a ring buffer; the metrics only read it.
 */
public interface PhaseWindow {
    /** T, the number of samples. */
    int samples();

    /** n, the number of oscillators. */
    int oscillators();

    /** θ_k(s), the phase of {@code oscillator} at {@code sample} (0 = oldest). */
    double phase(int sample, int oscillator);

    /**
     * A window over {@code rows[s][k]} without copying. Checks only for null: the shape and values are checked by
     * {@link WindowCalculator}, which can name the offending row.
     */
    static PhaseWindow of(double[][] rows) {
        return new ArrayPhaseWindow(Objects.requireNonNull(rows, "rows"));
    }
}
