package org.aegis.federated.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.TrainingTask;
import org.aegis.federated.aggregation.CoordinateMedian;
import org.aegis.federated.aggregation.FedAvg;
import org.aegis.federated.aggregation.Krum;
import org.aegis.federated.aggregation.TrimmedMean;
import org.aegis.federated.data.FeatureNormalizer;
import org.aegis.federated.data.FeatureStatistics;
import org.aegis.federated.model.BuiltinTrainingTask;
import org.aegis.federated.validation.UpdateValidator;
import org.junit.jupiter.api.Test;

/**
 * Federated learning end to end in one JVM: Gaussian blobs of 4 classes with features at wildly different
 * scales (0.001 to 1000), split non-IID over 5 clients; features normalised with merged statistics; rounds of
 * local training and aggregation. The federated model must come within a few points of centralised training
 * and beat what the most skewed client learns alone.
 */
class FederatedSimulationTest {
    private static final int FEATURES = 4;
    private static final int CLASSES = 4;
    private static final double[] SCALE = {0.001, 1, 30, 1000};
    private static final double[] OFFSET = {0.5, -3, 100, 20000};
    private static final int ROUNDS = 15;
    private static final TrainingOptions LOCAL = TrainingOptions.sgd(2, 16, 0.05);
    private static final long MODEL_SEED = 2024;

    private final TrainingTask task = new BuiltinTrainingTask();

    /** Class centres in standardised units, about 2.5 apart: overlapping enough that accuracy is not 100 %. */
    private static double[][] centres() {
        SplittableRandom random = new SplittableRandom(17);
        double[][] centres = new double[CLASSES][FEATURES];
        for (double[] centre : centres) {
            for (int j = 0; j < FEATURES; j++) {
                centre[j] = 3 * (random.nextDouble() - 0.5) * 2;
            }
        }
        return centres;
    }

    /** {@code perClass[k]} samples of class k, features scaled and shifted per column. */
    private static Dataset blobs(int[] perClass, long seed) {
        double[][] centres = centres();
        SplittableRandom random = new SplittableRandom(seed);
        int rows = 0;
        for (int n : perClass) {
            rows += n;
        }
        float[] x = new float[rows * FEATURES];
        int[] y = new int[rows];
        int row = 0;
        for (int k = 0; k < CLASSES; k++) {
            for (int i = 0; i < perClass[k]; i++, row++) {
                y[row] = k;
                for (int j = 0; j < FEATURES; j++) {
                    double standard = centres[k][j] + gaussian(random);
                    x[row * FEATURES + j] = (float) (OFFSET[j] + SCALE[j] * standard);
                }
            }
        }
        return new Dataset(x, y, FEATURES, CLASSES);
    }

    /** Box–Muller with StrictMath, so the data are the same on every JVM. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }

    /** Non-IID: four clients dominated by one class each, the fifth holds a single class. */
    private static List<Dataset> clients() {
        return List.of(blobs(new int[] {240, 20, 20, 20}, 1), blobs(new int[] {20, 200, 20, 10}, 2),
                blobs(new int[] {10, 20, 260, 30}, 3), blobs(new int[] {30, 10, 20, 180}, 4),
                blobs(new int[] {120, 0, 0, 0}, 5));
    }

    private static Dataset concat(List<Dataset> parts) {
        int rows = parts.stream().mapToInt(Dataset::size).sum();
        float[] x = new float[rows * FEATURES];
        int[] y = new int[rows];
        int at = 0;
        for (Dataset part : parts) {
            for (int r = 0; r < part.size(); r++, at++) {
                part.copyRow(r, x, at * FEATURES);
                y[at] = part.label(r);
            }
        }
        return new Dataset(x, y, FEATURES, CLASSES);
    }

    private record Result(double federated, double centralised, double skewedAlone, float[] parameters) {
    }

    private Result simulate(String spec, AggregationStrategy strategy, AggregationContext context) {
        return simulate(spec, strategy, context, false);
    }

    /**
     * @param attacked whether a sixth, Byzantine participant joins every round: it claims 300 samples and sends
     *                 ten times the opposite of the first client's update, pushing the model backwards
     */
    private Result simulate(String spec, AggregationStrategy strategy, AggregationContext context,
            boolean attacked) {
        List<Dataset> raw = clients();
        // Each client shares only its statistics; everyone normalises with the merged ones.
        FeatureStatistics merged = FeatureStatistics.of(raw.get(0));
        for (int i = 1; i < raw.size(); i++) {
            merged = merged.merge(FeatureStatistics.of(raw.get(i)));
        }
        FeatureNormalizer normalizer = FeatureNormalizer.from(merged);
        List<Dataset> local = raw.stream().map(normalizer::apply).toList();
        Dataset test = normalizer.apply(blobs(new int[] {150, 150, 150, 150}, 99));
        ModelShape shape = new ModelShape(spec, FEATURES, CLASSES);

        FederatedModel global = task.createModel(shape, MODEL_SEED);
        UpdateValidator validator = new UpdateValidator(global.parameterCount(), 1e3);
        for (int round = 0; round < ROUNDS; round++) {
            float[] base = global.parameters();
            List<ClientUpdate> updates = new ArrayList<>();
            for (int c = 0; c < local.size(); c++) {
                FederatedModel client = task.createModel(shape, MODEL_SEED);
                client.setParameters(base);
                client.train(local.get(c), LOCAL, new SplittableRandom(1000L * round + c));
                updates.add(new ClientUpdate("client-" + c, local.get(c).size(), minus(client.parameters(), base)));
            }
            if (attacked) {
                float[] reversed = updates.get(0).delta();
                for (int k = 0; k < reversed.length; k++) {
                    reversed[k] *= -10;
                }
                updates.add(new ClientUpdate("byzantine", 300, reversed));
            }
            Aggregate aggregate = validator.validateAndAggregate(updates, strategy, context);
            global.setParameters(plus(base, aggregate.delta()));
        }

        FederatedModel central = task.createModel(shape, MODEL_SEED);
        central.train(concat(local), new TrainingOptions(ROUNDS * LOCAL.epochs(), LOCAL.batchSize(),
                LOCAL.learningRate(), 0, null), new SplittableRandom(7));

        FederatedModel alone = task.createModel(shape, MODEL_SEED);
        alone.train(local.get(4), new TrainingOptions(ROUNDS * LOCAL.epochs(), LOCAL.batchSize(),
                LOCAL.learningRate(), 0, null), new SplittableRandom(7));

        return new Result(global.evaluate(test).accuracy(), central.evaluate(test).accuracy(),
                alone.evaluate(test).accuracy(), global.parameters());
    }

    private static void assertFederatedLearns(String spec, Result r) {
        String summary = spec + ": federated " + r.federated + ", centralised " + r.centralised
                + ", most skewed client alone " + r.skewedAlone;
        assertTrue(r.centralised > 0.8, "the task is learnable: " + summary);
        assertTrue(r.federated >= r.centralised - 0.04, summary);
        assertTrue(r.federated > r.skewedAlone + 0.3, summary);
    }

    @Test
    void federatedLogisticRegressionMatchesCentralisedTraining() {
        assertFederatedLearns("logistic", simulate("logistic", new FedAvg(), AggregationContext.ofAssumedByzantine(0)));
    }

    @Test
    void federatedMlpMatchesCentralisedTraining() {
        assertFederatedLearns("mlp:16,8", simulate("mlp:16,8", new FedAvg(), AggregationContext.ofAssumedByzantine(0)));
    }

    @Test
    void federatedTrainingWithARobustRuleStillLearns() {
        // The median ignores the single-class client's pull more than FedAvg but must still learn the task.
        Result r = simulate("logistic", new CoordinateMedian(), AggregationContext.ofAssumedByzantine(1));
        assertTrue(r.federated > r.skewedAlone + 0.3, "median: " + r);
    }

    /** Measured: median 0.877, trimmed mean 0.883, Multi-Krum 0.905, FedAvg 0.275, centralised 0.927. */
    @Test
    void robustRulesKeepLearningUnderAttackWhereFedAvgFails() {
        AggregationContext context = AggregationContext.ofAssumedByzantine(1).withTrimFraction(0.2);
        double attackedFedAvg = simulate("logistic", new FedAvg(), context, true).federated;
        for (AggregationStrategy robust : List.of(new CoordinateMedian(), new TrimmedMean(), Krum.multi())) {
            Result r = simulate("logistic", robust, context, true);
            String summary = robust.name() + " under attack " + r.federated + ", FedAvg under attack "
                    + attackedFedAvg + ", centralised " + r.centralised;
            assertTrue(r.federated >= r.centralised - 0.08, summary);
            assertTrue(attackedFedAvg < r.federated - 0.3, summary);
        }
    }

    @Test
    void theWholeSimulationIsReproducible() {
        float[] first = simulate("mlp:8", new FedAvg(), AggregationContext.ofAssumedByzantine(0)).parameters();
        float[] second = simulate("mlp:8", new FedAvg(), AggregationContext.ofAssumedByzantine(0)).parameters();
        assertArrayEquals(first, second);
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static float[] plus(float[] a, float[] b) {
        float[] s = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }
}
