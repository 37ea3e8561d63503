package org.aegis.federated.aggregation;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.UpdateOutcome;

/** The updates of a round as rows of one matrix, read once so that the strategies never copy again. */
final class UpdateMatrix {
    final List<ClientUpdate> updates;
    final float[][] rows;
    final int size;
    final int dimension;

    private UpdateMatrix(List<ClientUpdate> updates) {
        this.updates = updates;
        this.size = updates.size();
        this.dimension = updates.get(0).dimension();
        this.rows = new float[size][];
        for (int i = 0; i < size; i++) {
            ClientUpdate update = updates.get(i);
            if (update.dimension() != dimension) {
                throw new IllegalArgumentException("update of " + update.sender() + " has " + update.dimension()
                        + " parameters, the first update has " + dimension);
            }
            rows[i] = update.delta();
        }
    }

    /** The updates as a matrix; refuses an empty round or updates of different lengths. */
    static UpdateMatrix of(List<ClientUpdate> updates, String strategy) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException(strategy + " needs at least one update");
        }
        return new UpdateMatrix(List.copyOf(updates));
    }

    String sender(int row) {
        return updates.get(row).sender();
    }

    /** Every update accepted with the same weight: for coordinate-wise rules, where each one takes part. */
    List<UpdateOutcome> allAcceptedEqually() {
        List<UpdateOutcome> outcomes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            outcomes.add(UpdateOutcome.accepted(sender(i), 1.0 / size));
        }
        return outcomes;
    }

    /** Squared Euclidean distance between two rows. */
    double squaredDistance(int a, int b) {
        float[] x = rows[a];
        float[] y = rows[b];
        double sum = 0;
        for (int j = 0; j < dimension; j++) {
            double d = (double) x[j] - y[j];
            sum += d * d;
        }
        return sum;
    }

    /** The unweighted mean of the chosen rows, in the given order. */
    float[] mean(int[] chosen) {
        double[] sum = new double[dimension];
        for (int row : chosen) {
            float[] x = rows[row];
            for (int j = 0; j < dimension; j++) {
                sum[j] += x[j];
            }
        }
        float[] mean = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            mean[j] = (float) (sum[j] / chosen.length);
        }
        return mean;
    }
}
