package org.aegis.federated.component;

import org.aegis.api.federated.AggregationStrategy;
import org.aegis.federated.aggregation.CenteredClipping;
import org.osgi.service.component.annotations.Component;

/** Registers {@link CenteredClipping} as the strategy {@value CenteredClipping#NAME}. */
@Component(service = AggregationStrategy.class, property = AggregationStrategy.SERVICE_PROPERTY + "=" + CenteredClipping.NAME)
public final class CenteredClippingComponent extends DelegatingStrategy {
    public CenteredClippingComponent() {
        super(new CenteredClipping());
    }
}
