package org.aegis.federated.component;

import org.aegis.api.federated.AggregationStrategy;
import org.aegis.federated.aggregation.CoordinateMedian;
import org.osgi.service.component.annotations.Component;

/** Registers {@link CoordinateMedian} as the strategy {@value CoordinateMedian#NAME}. */
@Component(service = AggregationStrategy.class, property = AggregationStrategy.SERVICE_PROPERTY + "=" + CoordinateMedian.NAME)
public final class MedianComponent extends DelegatingStrategy {
    public MedianComponent() {
        super(new CoordinateMedian());
    }
}
