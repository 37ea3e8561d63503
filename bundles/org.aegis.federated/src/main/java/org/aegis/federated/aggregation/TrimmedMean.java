package org.aegis.federated.aggregation;

import java.util.Arrays;
import java.util.List;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;

/**
 * Coordinate-wise trimmed mean (Yin et al. 2018): per parameter, drop the ⌊βn⌋ largest and ⌊βn⌋ smallest values
 * (β = {@link AggregationContext#trimFraction()}) and average the rest.
 */
public final class TrimmedMean implements AggregationStrategy {
    public static final String NAME = "trimmed-mean";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context) {
        UpdateMatrix m = UpdateMatrix.of(updates, NAME);
        int trim = (int) Math.floor(context.trimFraction() * m.size);
        float[] column = new float[m.size];
        float[] delta = new float[m.dimension];
        for (int j = 0; j < m.dimension; j++) {
            for (int i = 0; i < m.size; i++) {
                column[i] = m.rows[i][j];
            }
            Arrays.sort(column);
            delta[j] = meanOfSorted(column, trim, m.size - trim);
        }
        return new Aggregate(delta, m.allAcceptedEqually());
    }

    /** The mean of {@code sorted[from, to)}, summed in ascending order. */
    static float meanOfSorted(float[] sorted, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += sorted[i];
        }
        return (float) (sum / (to - from));
    }
}
