package org.aegis.federated.component;

import org.aegis.api.federated.AggregationStrategy;
import org.aegis.federated.aggregation.TrimmedMean;
import org.osgi.service.component.annotations.Component;

/** Registers {@link TrimmedMean} as the strategy {@value TrimmedMean#NAME}. */
@Component(service = AggregationStrategy.class, property = AggregationStrategy.SERVICE_PROPERTY + "=" + TrimmedMean.NAME)
public final class TrimmedMeanComponent extends DelegatingStrategy {
    public TrimmedMeanComponent() {
        super(new TrimmedMean());
    }
}
