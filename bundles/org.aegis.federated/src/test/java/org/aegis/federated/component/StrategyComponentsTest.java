package org.aegis.federated.component;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;
import org.junit.jupiter.api.Test;

class StrategyComponentsTest {

    @Test
    void eachComponentRegistersTheStrategyItsNameSays() {
        List<AggregationStrategy> components = List.of(new FedAvgComponent(), new MedianComponent(),
                new TrimmedMeanComponent(), new KrumComponent(), new MultiKrumComponent(), new BulyanComponent(),
                new CenteredClippingComponent());
        assertEquals(List.of("fedavg", "median", "trimmed-mean", "krum", "multi-krum", "bulyan",
                "centered-clipping"), components.stream().map(AggregationStrategy::name).toList());
    }

    @Test
    void componentsDelegateToTheirCore() {
        List<ClientUpdate> updates = List.of(new ClientUpdate("a", 1, new float[] {1}),
                new ClientUpdate("b", 1, new float[] {2}), new ClientUpdate("c", 1, new float[] {9}));
        AggregationContext context = AggregationContext.ofAssumedByzantine(0);
        assertArrayEquals(new float[] {2}, new MedianComponent().aggregate(updates, context).delta());
        assertArrayEquals(new float[] {4}, new FedAvgComponent().aggregate(updates, context).delta());
    }
}
