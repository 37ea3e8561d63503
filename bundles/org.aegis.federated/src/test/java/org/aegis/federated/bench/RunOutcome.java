package org.aegis.federated.bench;

/**
 * The outcome of one run.
 *
 * @param accuracy       test accuracy after each round (NaN after the model's parameters stopped being finite)
 * @param bytesPerRound  mean bytes of all the updates of one round, encoded with UpdateCodec
 * @param seconds        wall time of the run
 */
record RunOutcome(Scenario scenario, double[] accuracy, long bytesPerRound, double seconds) {
    double finalAccuracy() {
        return accuracy[accuracy.length - 1];
    }

    /** The first round (1-based) whose accuracy reaches {@code target}, or −1. */
    int roundsTo(double target) {
        for (int r = 0; r < accuracy.length; r++) {
            if (accuracy[r] >= target) {
                return r + 1;
            }
        }
        return -1;
    }
}
