package org.aegis.federated.component;

import java.util.List;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;

/** A strategy service that hands every call to its plain core; the cores hold no state, so neither does this. */
abstract class DelegatingStrategy implements AggregationStrategy {
    private final AggregationStrategy core;

    DelegatingStrategy(AggregationStrategy core) {
        this.core = core;
    }

    @Override
    public final String name() {
        return core.name();
    }

    @Override
    public final Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context) {
        return core.aggregate(updates, context);
    }
}
