package org.aegis.api.metrics;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Turns validators' consciousness levels into integer vote weights (docs/metrics.md §5). Pure and deterministic. */
@ProviderType
public interface WeightProvider {
    /** One weight per level, in the same order; the f heaviest always hold less than a third of the total. */
    List<Integer> weights(List<Double> consciousnessLevels);
}
