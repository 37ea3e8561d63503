package org.aegis.api.metrics;

import java.io.IOException;
import java.io.Reader;
import org.osgi.annotation.versioning.ProviderType;

/** Computes the metrics of any window of phases, e.g. a researcher's own recording. Pure and thread-safe. */
@ProviderType
public interface MetricsCalculator {
    /** Most oscillators a window may have. */
    int MAX_OSCILLATORS = 16;
    /** Most samples a window may have. */
    int MAX_SAMPLES = 100_000;

    /**
     * @param phases one row per sample (oldest first), one column per oscillator, radians
     * @throws IllegalArgumentException naming the problem: ragged rows, a non-finite value, fewer than 2 or more
     *                                  than {@value #MAX_OSCILLATORS} oscillators, fewer than 4·n+2 samples
     */
    WindowAnalysis analyse(double[][] phases);

    /**
     * Reads a phase series from CSV: one row per sample, comma-separated phases, blank lines and {@code #}
     * comments skipped.
     *
     * @throws IllegalArgumentException at the first problem, naming its row and column: a value that is not a
     *                                  finite number, a row of another length than the first, more than
     *                                  {@value #MAX_OSCILLATORS} columns or {@value #MAX_SAMPLES} rows
     */
    double[][] readCsv(Reader csv) throws IOException;
}
