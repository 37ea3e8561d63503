package org.aegis.api.metrics;

import java.util.List;

/**
 * A split of the oscillators into two non-empty parts; the minimum information bipartition (MIB) is the one
 * across which Φ is measured. The last oscillator is always in {@code second}.
 */
public record Bipartition(List<Integer> first, List<Integer> second) {
}
