package org.aegis.federated.component;

import org.aegis.api.federated.AggregationStrategy;
import org.aegis.federated.aggregation.Krum;
import org.osgi.service.component.annotations.Component;

/** Registers {@link Krum} as the strategy {@value Krum#KRUM}. */
@Component(service = AggregationStrategy.class, property = AggregationStrategy.SERVICE_PROPERTY + "=" + Krum.KRUM)
public final class KrumComponent extends DelegatingStrategy {
    public KrumComponent() {
        super(Krum.single());
    }
}
