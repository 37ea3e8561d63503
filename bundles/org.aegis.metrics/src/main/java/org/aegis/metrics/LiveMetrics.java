package org.aegis.metrics;

/**
 * The cheap metrics of the window as the tick leaves it, computed on every tick once the window holds enough
 * samples for a report; the Φ thread combines them with Φ of a copy of the very same window.
 *
 * @param samples    samples in the window
 * @param coherence  R
 * @param stability  S
 * @param divergence D
 * @param meanPhase  arg z at the last sample
 */
record LiveMetrics(int samples, double coherence, double stability, double divergence, double meanPhase) {
}
