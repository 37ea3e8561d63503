package org.aegis.api.federated;

/**
 * How every participant trains and the network aggregates in a run; agreed with the run.
 *
 * @param learningRate       local SGD step size, positive and finite
 * @param localEpochs        local passes over the data per round, 1 to 1000
 * @param batchSize          samples per SGD step, 1 to 65536
 * @param proximalMu         FedProx μ, 0 for none, finite
 * @param trimFraction       fraction trimmed per side by trimmed mean (and Bulyan), in [0, 0.5)
 * @param assumedByzantine   f, the Byzantine updates Krum, multi-Krum and Bulyan tolerate, at least 0
 * @param maxUpdateNorm      the largest L2 norm of an update the validator lets through, positive
 * @param roundTimeoutMillis how long a round waits for missing participants before it closes without them,
 *                           at least 1
 * @param dpClipNorm         differential privacy: each participant clips its update to this L2 norm before adding
 *                           noise; 0 for no differential privacy
 * @param dpNoiseMultiplier  differential privacy: the Gaussian noise's standard deviation in units of
 *                           {@code dpClipNorm}; 0 exactly when {@code dpClipNorm} is 0
 * @param dpDelta            differential privacy: the δ the privacy budget ε is computed for, in (0, 1)
 * @param loraRank           0: participants train and send every parameter; 1 to {@value #MAX_LORA_RANK}: they
 *                           train and send only low-rank adapters of that rank on the model's weight matrices (the
 *                           model must be a {@link DifferentiableModel})
 */
public record Hyperparameters(double learningRate, int localEpochs, int batchSize, double proximalMu,
        double trimFraction, int assumedByzantine, double maxUpdateNorm, long roundTimeoutMillis, double dpClipNorm,
        double dpNoiseMultiplier, double dpDelta, int loraRank) {
    /** The δ of a run with differential privacy that names none. */
    public static final double DEFAULT_DP_DELTA = 1e-5;
    /** The largest adapter rank a run may ask for. */
    public static final int MAX_LORA_RANK = 256;

    public Hyperparameters {
        check(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be positive, was "
                + learningRate);
        check(localEpochs >= 1 && localEpochs <= 1000, "local epochs must be 1 to 1000, was " + localEpochs);
        check(batchSize >= 1 && batchSize <= 65536, "batch size must be 1 to 65536, was " + batchSize);
        check(proximalMu >= 0 && Double.isFinite(proximalMu), "FedProx mu must be 0 or positive, was " + proximalMu);
        check(trimFraction >= 0 && trimFraction < 0.5, "trim fraction must be in [0, 0.5), was " + trimFraction);
        check(assumedByzantine >= 0, "assumed Byzantine count must not be negative, was " + assumedByzantine);
        check(maxUpdateNorm > 0, "max update norm must be positive, was " + maxUpdateNorm);
        check(roundTimeoutMillis >= 1, "round timeout must be at least 1 ms, was " + roundTimeoutMillis);
        check(dpClipNorm >= 0 && Double.isFinite(dpClipNorm), "DP clip norm must be 0 or positive, was " + dpClipNorm);
        check(dpNoiseMultiplier >= 0 && Double.isFinite(dpNoiseMultiplier),
                "DP noise multiplier must be 0 or positive, was " + dpNoiseMultiplier);
        check((dpClipNorm > 0) == (dpNoiseMultiplier > 0), "differential privacy needs both a clip norm and a noise"
                + " multiplier (or neither); were " + dpClipNorm + " and " + dpNoiseMultiplier);
        check(dpClipNorm == 0 || (dpDelta > 0 && dpDelta < 1), "DP delta must be in (0, 1), was " + dpDelta);
        check(loraRank >= 0 && loraRank <= MAX_LORA_RANK, "LoRA rank must be 0 (full model) to " + MAX_LORA_RANK
                + ", was " + loraRank);
    }

    /** Full-model training, as before adapters existed. */
    public Hyperparameters(double learningRate, int localEpochs, int batchSize, double proximalMu,
            double trimFraction, int assumedByzantine, double maxUpdateNorm, long roundTimeoutMillis, double dpClipNorm,
            double dpNoiseMultiplier, double dpDelta) {
        this(learningRate, localEpochs, batchSize, proximalMu, trimFraction, assumedByzantine, maxUpdateNorm,
                roundTimeoutMillis, dpClipNorm, dpNoiseMultiplier, dpDelta, 0);
    }

    /** Without differential privacy, as before it existed. */
    public Hyperparameters(double learningRate, int localEpochs, int batchSize, double proximalMu,
            double trimFraction, int assumedByzantine, double maxUpdateNorm, long roundTimeoutMillis) {
        this(learningRate, localEpochs, batchSize, proximalMu, trimFraction, assumedByzantine, maxUpdateNorm,
                roundTimeoutMillis, 0, 0, DEFAULT_DP_DELTA, 0);
    }

    /** Whether participants clip and noise their updates (client-level differential privacy). */
    public boolean dpEnabled() {
        return dpClipNorm > 0;
    }

    /** Whether participants train and send low-rank adapters instead of the whole model. */
    public boolean loraEnabled() {
        return loraRank > 0;
    }

    /** A copy with another adapter rank. */
    public Hyperparameters withLoraRank(int rank) {
        return new Hyperparameters(learningRate, localEpochs, batchSize, proximalMu, trimFraction, assumedByzantine,
                maxUpdateNorm, roundTimeoutMillis, dpClipNorm, dpNoiseMultiplier, dpDelta, rank);
    }

    /**
     * Learning rate 0.05, 1 local epoch, batches of 32, no proximal term, β 0.1, f 0, norm ≤ 1000, 60 s, no
     * differential privacy.
     */
    public static Hyperparameters defaults() {
        return new Hyperparameters(0.05, 1, 32, 0, 0.1, 0, 1000, 60_000);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
