package org.aegis.federated.aggregation;

import java.util.Arrays;
import java.util.List;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;

/**
 * Bulyan (El Mhamdi et al. 2018): Multi-Krum selects θ = n − 2f updates (by one scoring of all updates, where
 * the paper re-runs Krum after each pick; both keep the n − 2f most central), then each coordinate is the mean of
 * the β = θ − 2f selected values around the median (the f largest and f smallest are dropped). Needs n ≥ 4f + 3.
 * Krum alone may pick an update that is close to the others in norm but far off in single coordinates; the
 * trimmed mean bounds every coordinate.
 */
public final class Bulyan implements AggregationStrategy {
    public static final String NAME = "bulyan";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context) {
        UpdateMatrix m = UpdateMatrix.of(updates, NAME);
        int f = context.assumedByzantine();
        if (m.size < 4 * f + 3) {
            throw new IllegalArgumentException(NAME + " with f = " + f + " assumed Byzantine needs at least "
                    + (4 * f + 3) + " updates, got " + m.size);
        }
        int theta = m.size - 2 * f;
        double[] scores = KrumScores.scores(m, f);
        int[] ranking = KrumScores.ranking(scores);
        int[] selected = Arrays.copyOf(ranking, theta);
        Arrays.sort(selected); // update order, so that the column is filled the same way on every node
        float[] column = new float[theta];
        float[] delta = new float[m.dimension];
        for (int j = 0; j < m.dimension; j++) {
            for (int i = 0; i < theta; i++) {
                column[i] = m.rows[selected[i]][j];
            }
            Arrays.sort(column);
            delta[j] = TrimmedMean.meanOfSorted(column, f, theta - f);
        }
        return new Aggregate(delta, Krum.outcomes(m, scores, ranking, theta, NAME));
    }
}
