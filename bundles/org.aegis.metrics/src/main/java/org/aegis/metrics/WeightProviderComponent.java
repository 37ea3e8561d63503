package org.aegis.metrics;

import java.util.List;
import org.aegis.api.metrics.WeightProvider;
import org.aegis.metrics.math.VoteWeights;
import org.osgi.service.component.annotations.Component;

/** Vote weights from consciousness levels (docs/metrics.md §5). Stateless. */
@Component(service = WeightProvider.class)
public final class WeightProviderComponent implements WeightProvider {
    @Override
    public List<Integer> weights(List<Double> consciousnessLevels) {
        return VoteWeights.of(consciousnessLevels);
    }
}
