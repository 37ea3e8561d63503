package org.aegis.federated.aggregation;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.UpdateOutcome;

/**
 * Federated averaging (McMahan et al. 2017): the mean of the deltas weighted by sample count. Not robust: one
 * Byzantine update can move it arbitrarily far; the baseline the robust rules are measured against.
 */
public final class FedAvg implements AggregationStrategy {
    public static final String NAME = "fedavg";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context) {
        UpdateMatrix m = UpdateMatrix.of(updates, NAME);
        double total = 0;
        for (ClientUpdate update : m.updates) {
            total += update.sampleCount();
        }
        double[] sum = new double[m.dimension];
        List<UpdateOutcome> outcomes = new ArrayList<>(m.size);
        for (int i = 0; i < m.size; i++) {
            double weight = m.updates.get(i).sampleCount() / total;
            float[] x = m.rows[i];
            for (int j = 0; j < m.dimension; j++) {
                sum[j] += weight * x[j];
            }
            outcomes.add(UpdateOutcome.accepted(m.sender(i), weight));
        }
        float[] delta = new float[m.dimension];
        for (int j = 0; j < m.dimension; j++) {
            delta[j] = (float) sum[j];
        }
        return new Aggregate(delta, outcomes);
    }
}
