package org.aegis.metrics.math;

/**
 * The weights of Φ, R, S and D in the consciousness level C (docs/metrics.md §3): each ≥ 0 and finite, summing to 1,
 * so that C stays in [0, 1].
 */
public record MetricWeights(double phi, double coherence, double stability, double divergence) {
    /** docs/metrics.md's defaults (0.4, 0.2, 0.2, 0.2). */
    public static final MetricWeights DEFAULT = new MetricWeights(0.4, 0.2, 0.2, 0.2);

    /** How far the sum may stray from 1: room for decimal weights such as 0.1 + 0.2 + 0.3 + 0.4. */
    static final double SUM_TOLERANCE = 1e-9;

    public MetricWeights {
        String problem = problem(phi, coherence, stability, divergence);
        if (problem != null) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "metric weights (phi %s, coherence %s, stability %s, divergence %s): %s",
                    phi, coherence, stability, divergence, problem));
        }
    }

    private static String problem(double phi, double coherence, double stability, double divergence) {
        String[] names = {"phi", "coherence", "stability", "divergence"};
        double[] values = {phi, coherence, stability, divergence};
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return names[i] + " weight is not finite";
            }
            if (values[i] < 0) {
                return names[i] + " weight is negative";
            }
        }
        double sum = phi + coherence + stability + divergence;
        if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
            return "weights must sum to 1, they sum to " + sum;
        }
        return null;
    }
}
