package org.aegis.example.geomedian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.UpdateOutcome;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Robust federated aggregation (RFA, Pillutla, Kakade and Harchaoui 2022): the aggregate is the geometric median
 * of the updates, found by smoothed Weiszfeld iterations ({@link Weiszfeld}). Unlike the mean, it stays near the
 * honest updates while fewer than half of them are Byzantine, however far away the others are; unlike the
 * coordinate-wise median, it is a weighted mean of whole updates, so it does not mix coordinates of different
 * updates. A run selects it by its name, {@code geometric-median}.
 *
 * <p>Every node must compute the same bits: the updates are put in one canonical order (sender, then sample count,
 * then values) before any sum, so the result does not even depend on the order the round fixed, and the
 * configuration, which decides the result too, must be the same on every node.
 */
@Component(service = AggregationStrategy.class, configurationPid = GeometricMedianStrategy.PID,
        property = AggregationStrategy.SERVICE_PROPERTY + "=" + GeometricMedianStrategy.NAME)
@Designate(ocd = GeometricMedianStrategy.Config.class)
public final class GeometricMedianStrategy implements AggregationStrategy {
    static final String PID = "org.aegis.example.geomedian";
    /** The strategy's name: the service property value a run's strategy is looked up by. */
    static final String NAME = "geometric-median";

    @ObjectClassDefinition(name = "AEGIS example: geometric median aggregation",
            description = "Robust aggregation by the geometric median of the updates. Every node must use the same"
                    + " values: they decide the aggregate, and a node that computes another one diverges.")
    public @interface Config {
        @AttributeDefinition(description = "Most Weiszfeld iterations per round close, 1 to 10000.")
        int maxIterations() default 100;

        @AttributeDefinition(description = "Stop once an iteration lowers the summed distance to the updates by"
                + " less than this fraction of it, in [0, 1); 0 always runs every iteration.")
        double tolerance() default 1e-6;

        @AttributeDefinition(description = "Weigh each update by the sample count its sender claims, as RFA does."
                + " A Byzantine sender can claim any count and so take over the median: leave off unless the"
                + " counts are trusted.")
        boolean weighBySampleCount() default false;
    }

    private final Weiszfeld weiszfeld;
    private final boolean weighBySampleCount;

    /** @throws IllegalArgumentException naming the configuration and the value that is out of range */
    @Activate
    public GeometricMedianStrategy(Config config) {
        try {
            this.weiszfeld = new Weiszfeld(config.maxIterations(), config.tolerance());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": " + e.getMessage(), e);
        }
        this.weighBySampleCount = config.weighBySampleCount();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The geometric median of the updates; every update is accepted, with its share of the median (a far-away
     * update's share is small).
     *
     * @throws IllegalArgumentException if there is no update, they differ in length, a value is not finite, or
     *                                  half of them or more may be Byzantine (the median then protects nothing)
     */
    @Override
    public Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException(NAME + " needs at least one update");
        }
        int byzantine = context.assumedByzantine();
        if (updates.size() <= 2L * byzantine) {
            throw new IllegalArgumentException(NAME + " tolerates fewer than half Byzantine updates: " + updates.size()
                    + " updates with f = " + byzantine + ", at least " + (2L * byzantine + 1) + " needed");
        }
        float[][] rows = checkedRows(updates);
        int[] order = canonicalOrder(updates, rows);
        float[][] points = new float[order.length][];
        double[] weights = new double[order.length];
        for (int k = 0; k < order.length; k++) {
            points[k] = rows[order[k]];
            weights[k] = weighBySampleCount ? updates.get(order[k]).sampleCount() : 1;
        }
        Weiszfeld.Solution solution = weiszfeld.solve(points, weights);

        float[] delta = new float[rows[0].length];
        for (int j = 0; j < delta.length; j++) {
            delta[j] = (float) solution.median()[j];
        }
        double[] shareOfUpdate = new double[order.length];
        for (int k = 0; k < order.length; k++) {
            shareOfUpdate[order[k]] = solution.shares()[k];
        }
        List<UpdateOutcome> outcomes = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            outcomes.add(UpdateOutcome.accepted(updates.get(i).sender(), shareOfUpdate[i]));
        }
        return new Aggregate(delta, outcomes);
    }

    /**
     * The deltas, checked: the platform validates updates before a strategy sees them, but a strategy is also
     * called directly (tests, tools), and a NaN would silently poison every distance.
     */
    private static float[][] checkedRows(List<ClientUpdate> updates) {
        int dimension = updates.get(0).dimension();
        float[][] rows = new float[updates.size()][];
        for (int i = 0; i < rows.length; i++) {
            ClientUpdate update = updates.get(i);
            if (update.dimension() != dimension) {
                throw new IllegalArgumentException("update of " + update.sender() + " has " + update.dimension()
                        + " parameters, the first update has " + dimension);
            }
            rows[i] = update.delta();
            for (int j = 0; j < dimension; j++) {
                if (!Float.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException("update of " + update.sender() + " has a non-finite value "
                            + rows[i][j] + " at parameter " + j);
                }
            }
        }
        return rows;
    }

    /**
     * Indices of the updates sorted by sender, sample count, then values: floating-point sums depend on their
     * order, and this order depends only on the updates themselves.
     */
    private static int[] canonicalOrder(List<ClientUpdate> updates, float[][] rows) {
        Comparator<Integer> bySender = Comparator.comparing(i -> updates.get(i).sender());
        Comparator<Integer> canonical = bySender.thenComparingLong(i -> updates.get(i).sampleCount())
                .thenComparing((a, b) -> Arrays.compare(rows[a], rows[b]));
        return IntStream.range(0, updates.size()).boxed().sorted(canonical).mapToInt(Integer::intValue).toArray();
    }
}
