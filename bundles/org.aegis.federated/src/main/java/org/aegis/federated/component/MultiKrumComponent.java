package org.aegis.federated.component;

import org.aegis.api.federated.AggregationStrategy;
import org.aegis.federated.aggregation.Krum;
import org.osgi.service.component.annotations.Component;

/** Registers {@link Krum} as the strategy {@value Krum#MULTI_KRUM}. */
@Component(service = AggregationStrategy.class, property = AggregationStrategy.SERVICE_PROPERTY + "=" + Krum.MULTI_KRUM)
public final class MultiKrumComponent extends DelegatingStrategy {
    public MultiKrumComponent() {
        super(Krum.multi());
    }
}
