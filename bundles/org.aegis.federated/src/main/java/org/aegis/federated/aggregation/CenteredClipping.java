package org.aegis.federated.aggregation;

import java.util.List;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;

/**
 * Centred clipping (Karimireddy, He and Jaggi 2021): starting from the previous round's aggregate (the momentum,
 * {@link AggregationContext#previousAggregate()}, or zero), iterate v ← v + mean(clip(x_i − v, τ)) where
 * clip(z, τ) = z · min(1, τ / ‖z‖); τ = {@link AggregationContext#clippingRadius()}, iterations from the option
 * {@value #ITERATIONS_OPTION} (default 3). An update far from the centre moves it by at most τ/n per iteration.
 */
public final class CenteredClipping implements AggregationStrategy {
    public static final String NAME = "centered-clipping";
    /** Context option: number of clipping iterations. */
    public static final String ITERATIONS_OPTION = "centered-clipping.iterations";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context) {
        UpdateMatrix m = UpdateMatrix.of(updates, NAME);
        int iterations = context.intOption(ITERATIONS_OPTION, 3);
        if (iterations < 1) {
            throw new IllegalArgumentException(NAME + " needs at least one iteration, was " + iterations);
        }
        double[] centre = startingPoint(context.previousAggregate(), m.dimension);
        double[] step = new double[m.dimension];
        double radius = context.clippingRadius();
        for (int iteration = 0; iteration < iterations; iteration++) {
            java.util.Arrays.fill(step, 0);
            for (int i = 0; i < m.size; i++) {
                float[] x = m.rows[i];
                double norm = 0;
                for (int j = 0; j < m.dimension; j++) {
                    double d = x[j] - centre[j];
                    norm += d * d;
                }
                norm = Math.sqrt(norm);
                double scale = norm > radius ? radius / norm : 1.0;
                for (int j = 0; j < m.dimension; j++) {
                    step[j] += scale * (x[j] - centre[j]);
                }
            }
            for (int j = 0; j < m.dimension; j++) {
                centre[j] += step[j] / m.size;
            }
        }
        float[] delta = new float[m.dimension];
        for (int j = 0; j < m.dimension; j++) {
            delta[j] = (float) centre[j];
        }
        return new Aggregate(delta, m.allAcceptedEqually());
    }

    private static double[] startingPoint(float[] momentum, int dimension) {
        double[] centre = new double[dimension];
        if (momentum.length == 0) {
            return centre;
        }
        if (momentum.length != dimension) {
            throw new IllegalArgumentException(NAME + ": the previous aggregate has " + momentum.length
                    + " parameters, the updates have " + dimension);
        }
        for (int j = 0; j < dimension; j++) {
            centre[j] = momentum[j];
        }
        return centre;
    }
}
