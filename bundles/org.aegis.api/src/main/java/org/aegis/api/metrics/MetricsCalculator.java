package org.aegis.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** Computes the metrics of any window of phases, e.g. a researcher's own recording. Pure and thread-safe. */
@ProviderType
public interface MetricsCalculator {
    /** Most oscillators a window may have. */
    int MAX_OSCILLATORS = 16;

    /**
     * @param phases one row per sample (oldest first), one column per oscillator, radians
     * @throws IllegalArgumentException naming the problem: ragged rows, a non-finite value, fewer than 2 or more
     *                                  than {@value #MAX_OSCILLATORS} oscillators, fewer than 4·n+2 samples
     */
    WindowAnalysis analyse(double[][] phases);
}
