package org.aegis.federated.aggregation;

import java.util.Arrays;
import java.util.List;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;

/**
 * Coordinate-wise median (Yin et al. 2018): each parameter is the median of the updates' values; with an even
 * count, the mean of the two middle values. Tolerates fewer than half Byzantine updates per coordinate.
 */
public final class CoordinateMedian implements AggregationStrategy {
    public static final String NAME = "median";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context) {
        UpdateMatrix m = UpdateMatrix.of(updates, NAME);
        float[] column = new float[m.size];
        float[] delta = new float[m.dimension];
        int mid = m.size / 2;
        for (int j = 0; j < m.dimension; j++) {
            for (int i = 0; i < m.size; i++) {
                column[i] = m.rows[i][j];
            }
            Arrays.sort(column);
            delta[j] = m.size % 2 == 1 ? column[mid] : (float) (((double) column[mid - 1] + column[mid]) / 2);
        }
        return new Aggregate(delta, m.allAcceptedEqually());
    }
}
