package org.aegis.model.local;

/**
 * Where training stands.
 *
 * @param step  optimizer steps done
 * @param steps steps in all
 * @param loss  moving average of the batches' cross-entropy, in nats per character; NaN before the first step
 */
record TrainingProgress(int step, int steps, double loss) {
    static TrainingProgress start(int steps) {
        return new TrainingProgress(0, steps, Double.NaN);
    }

    int percent() {
        return (int) (100L * step / steps);
    }
}
