package org.aegis.api.metrics;

import java.time.Instant;
import java.util.List;

/**
 * The node's oscillator network at one tick (docs/metrics.md §1), for drawing it.
 *
 * @param time               when the tick ran
 * @param phases             θ_k in radians, wrapped to [0, 2π), oscillator 0 first
 * @param frequencies        ω_k in rad/s
 * @param neighbours         for each oscillator, the oscillators it is coupled to
 * @param coupling           K
 * @param externalCoupling   K_ext, the coupling of oscillator 0 to the peers' mean phases
 * @param peersCoupled       how many peers' phases entered this tick
 */
public record OscillatorState(Instant time, List<Double> phases, List<Double> frequencies,
        List<List<Integer>> neighbours, double coupling, double externalCoupling, int peersCoupled) {
}
