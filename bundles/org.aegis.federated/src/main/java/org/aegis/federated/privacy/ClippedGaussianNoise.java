package org.aegis.federated.privacy;

import java.util.random.RandomGenerator;

/**
 * A participant's side of client-level differential privacy: its update is scaled down to an L2 norm of at most C,
 * then every coordinate gets Gaussian noise of standard deviation σ·C. Every node sees every update, so the noise
 * is added before the update leaves its node.
 */
public final class ClippedGaussianNoise {
    private final double clipNorm;
    private final double noiseMultiplier;

    public ClippedGaussianNoise(double clipNorm, double noiseMultiplier) {
        if (!(clipNorm > 0) || !(noiseMultiplier > 0) || !Double.isFinite(clipNorm) || !Double.isFinite(noiseMultiplier)) {
            throw new IllegalArgumentException("clip norm and noise multiplier must be positive, were " + clipNorm
                    + " and " + noiseMultiplier);
        }
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
    }

    /** Clips {@code update} in place to norm C, then adds the noise from {@code random} (a secure source in use). */
    public void apply(float[] update, RandomGenerator random) {
        double squares = 0;
        for (float value : update) {
            squares += (double) value * value;
        }
        double norm = Math.sqrt(squares);
        double scale = norm > clipNorm ? clipNorm / norm : 1;
        double deviation = noiseMultiplier * clipNorm;
        for (int i = 0; i < update.length; i++) {
            update[i] = (float) (update[i] * scale + deviation * random.nextGaussian());
        }
    }
}
