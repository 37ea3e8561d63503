package org.aegis.federated.component;

import org.aegis.api.federated.AggregationStrategy;
import org.aegis.federated.aggregation.Bulyan;
import org.osgi.service.component.annotations.Component;

/** Registers {@link Bulyan} as the strategy {@value Bulyan#NAME}. */
@Component(service = AggregationStrategy.class, property = AggregationStrategy.SERVICE_PROPERTY + "=" + Bulyan.NAME)
public final class BulyanComponent extends DelegatingStrategy {
    public BulyanComponent() {
        super(new Bulyan());
    }
}
