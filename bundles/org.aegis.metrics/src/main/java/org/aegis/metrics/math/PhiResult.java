package org.aegis.metrics.math;

import org.aegis.api.metrics.Bipartition;

/**
 * Φ and the minimum information bipartition it was measured across.
 *
 * @param phi Φ in nats, ≥ 0
 * @param mib the MIB; each part's oscillator indices ascending, the last oscillator in {@code second}
 */
public record PhiResult(double phi, Bipartition mib) {
}
