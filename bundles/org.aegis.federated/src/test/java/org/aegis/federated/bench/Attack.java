package org.aegis.federated.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the Byzantine clients send. Each Byzantine client first trains like an honest one on its own data (on
 * flipped labels for {@link #LABEL_FLIP}); the attack then turns the deltas it computed into what it sends.
 * Omniscient attacks ({@link #ALIE}) also see the honest clients' deltas of the round.
 */
enum Attack {
    /** No Byzantine client: the clean reference. */
    NONE("none"),
    /** Sends the opposite of its honest delta. */
    SIGN_FLIP("sign-flip"),
    /** Sends its honest delta times {@value #SCALE}. */
    SCALING("scaling-x10"),
    /** Sends pure noise, N(0, {@value #NOISE_SIGMA}²) per coordinate. */
    GAUSSIAN("gaussian"),
    /** Trains on flipped labels (class k becomes {@code classes − 1 − k}) and sends that delta unchanged. */
    LABEL_FLIP("label-flip"),
    /**
     * "A Little Is Enough" (Baruch, Baruch and Goldberg 2019): every Byzantine client sends μ − z·σ, μ and σ the
     * per-coordinate mean and standard deviation of the honest deltas, z = Φ⁻¹((n − s)/n) with
     * s = ⌊n/2 + 1⌋ − f, the largest shift that still keeps the Byzantine values inside the majority.
     */
    ALIE("alie");

    static final float SCALE = 10f;
    static final double NOISE_SIGMA = 1.0;

    private final String label;

    Attack(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    boolean flipsLabels() {
        return this == LABEL_FLIP;
    }

    /** The ALIE factor z for n clients of which f are Byzantine. */
    static double alieZ(int n, int f) {
        int s = n / 2 + 1 - f;
        return Gaussian.quantile((double) (n - s) / n);
    }

    /**
     * The deltas the Byzantine clients send.
     *
     * @param own    the deltas they trained themselves, one per Byzantine client
     * @param honest the honest clients' deltas of the round
     * @param n      all clients of the round
     */
    List<float[]> forge(List<float[]> own, List<float[]> honest, int n, RandomGenerator random) {
        List<float[]> sent = new ArrayList<>(own.size());
        switch (this) {
            case NONE, LABEL_FLIP -> sent.addAll(own);
            case SIGN_FLIP -> own.forEach(d -> sent.add(scaled(d, -1f)));
            case SCALING -> own.forEach(d -> sent.add(scaled(d, SCALE)));
            case GAUSSIAN -> own.forEach(d -> {
                float[] noise = new float[d.length];
                for (int j = 0; j < noise.length; j++) {
                    noise[j] = (float) (NOISE_SIGMA * Gaussian.next(random));
                }
                sent.add(noise);
            });
            case ALIE -> {
                float[] shifted = meanMinusZStd(honest, alieZ(n, own.size()));
                own.forEach(d -> sent.add(shifted.clone()));
            }
            default -> throw new AssertionError(this);
        }
        return sent;
    }

    private static float[] scaled(float[] delta, float factor) {
        float[] result = new float[delta.length];
        for (int j = 0; j < delta.length; j++) {
            result[j] = factor * delta[j];
        }
        return result;
    }

    static float[] meanMinusZStd(List<float[]> deltas, double z) {
        int dimension = deltas.get(0).length;
        float[] result = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            double sum = 0;
            double squares = 0;
            for (float[] d : deltas) {
                sum += d[j];
                squares += (double) d[j] * d[j];
            }
            double mean = sum / deltas.size();
            double variance = Math.max(0, squares / deltas.size() - mean * mean);
            result[j] = (float) (mean - z * Math.sqrt(variance));
        }
        return result;
    }
}
