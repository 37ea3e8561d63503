package org.aegis.metrics.math;

import java.io.IOException;
import java.io.Reader;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.MetricsCalculator;
import org.aegis.api.metrics.WindowAnalysis;

/**
 * All metrics of a window (docs/metrics.md §2–§3): Φ with its MIB, R, S, D and C. Immutable and thread-safe.
 */
public final class WindowCalculator implements MetricsCalculator {
    /** Below 20·n samples Φ is dominated by its finite-window bias (docs/metrics.md §2). */
    static final int RELIABLE_SAMPLES_PER_OSCILLATOR = 20;

    private final MetricWeights weights;
    private final GaussianPhi phi;
    private final int lag;

    /**
     * @param weights the weights of C
     * @param lag     τ of Φ in samples, ≥ 1
     */
    public WindowCalculator(MetricWeights weights, int lag) {
        if (weights == null) {
            throw new IllegalArgumentException("metric weights must not be null");
        }
        this.weights = weights;
        this.phi = new GaussianPhi(lag);
        this.lag = lag;
    }

    /**
     * @param phases one row per sample (oldest first), one column per oscillator, radians
     * @throws IllegalArgumentException naming the problem (rows and columns counted from 0): null or empty input,
     *                                  a null or ragged row, a non-finite value, fewer than 2 or more than 16
     *                                  oscillators, fewer than 4·n+2 samples (4·n+1+τ at a lag τ)
     */
    @Override
    public WindowAnalysis analyse(double[][] phases) {
        WindowChecks.check(phases, lag);
        return analyseChecked(PhaseWindow.of(phases));
    }

    @Override
    public double[][] readCsv(Reader csv) throws IOException {
        return CsvPhaseReader.read(csv);
    }

    /** The same for a window, e.g. a view over the engine's ring buffer; the same checks. */
    public WindowAnalysis analyse(PhaseWindow w) {
        WindowChecks.check(w, lag);
        return analyseChecked(w);
    }

    private WindowAnalysis analyseChecked(PhaseWindow w) {
        UnitPhasors u = UnitPhasors.of(w);
        double r = OrderParameters.coherence(u);
        double s = OrderParameters.stability(u);
        double d = PhaseDivergence.divergence(w);
        PhiResult result = phi.compute(u);
        double c = ConsciousnessLevel.of(result.phi(), r, s, d, weights);
        int n = w.oscillators();
        int samples = w.samples();
        return new WindowAnalysis(new ConsciousnessMetrics(result.phi(), r, s, d, c), result.mib(),
                samples >= RELIABLE_SAMPLES_PER_OSCILLATOR * n, true, n, samples);
    }
}
