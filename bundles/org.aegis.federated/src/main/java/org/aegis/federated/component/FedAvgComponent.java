package org.aegis.federated.component;

import org.aegis.api.federated.AggregationStrategy;
import org.aegis.federated.aggregation.FedAvg;
import org.osgi.service.component.annotations.Component;

/** Registers {@link FedAvg} as the strategy {@value FedAvg#NAME}. */
@Component(service = AggregationStrategy.class, property = AggregationStrategy.SERVICE_PROPERTY + "=" + FedAvg.NAME)
public final class FedAvgComponent extends DelegatingStrategy {
    public FedAvgComponent() {
        super(new FedAvg());
    }
}
