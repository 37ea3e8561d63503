package org.aegis.federated.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingOptions;
import org.junit.jupiter.api.Test;

class DenseNetworkTest {
    private final BuiltinTrainingTask task = new BuiltinTrainingTask();

    /** Three classes along the first feature, noise in the others. */
    static Dataset separable(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * 3];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = r % 3;
            x[r * 3] = (float) (2 * y[r] - 2 + 0.3 * (random.nextDouble() - 0.5));
            x[r * 3 + 1] = (float) (random.nextDouble() - 0.5);
            x[r * 3 + 2] = (float) (random.nextDouble() - 0.5);
        }
        return new Dataset(x, y, 3, 3);
    }

    @Test
    void specsParseAndRefuseNonsense() {
        assertEquals(List.of(), NetworkSpec.parse("logistic").hiddenWidths());
        assertEquals(List.of(64, 32), NetworkSpec.parse("mlp:64,32").hiddenWidths());
        for (String bad : new String[] {"mlp:", "mlp:0", "mlp:8,x", "svm", "mlp:1,1,1,1,1,1,1,1,1", "mlp:5000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertFalse(task.supports(bad));
        }
        assertTrue(task.supports("mlp:4"));
    }

    @Test
    void parameterCountFollowsTheLayers() {
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, task.createModel(new ModelShape("mlp:4", 3, 2), 1).parameterCount());
        assertEquals(5 * 3 + 3, task.createModel(new ModelShape("logistic", 5, 3), 1).parameterCount());
    }

    @Test
    void initialisationIsSeeded() {
        ModelShape shape = new ModelShape("mlp:8,4", 3, 3);
        assertArrayEquals(task.createModel(shape, 42).parameters(), task.createModel(shape, 42).parameters());
        assertFalse(Arrays.equals(task.createModel(shape, 42).parameters(), task.createModel(shape, 43).parameters()));
    }

    @Test
    void trainingIsDeterministicAndLearns() {
        for (String spec : List.of("logistic", "mlp:16,8")) {
            Dataset data = separable(300, 7);
            float[][] results = new float[2][];
            for (int run = 0; run < 2; run++) {
                FederatedModel model = task.createModel(new ModelShape(spec, 3, 3), 5);
                double before = model.evaluate(data).loss();
                model.train(data, TrainingOptions.sgd(20, 16, 0.1), new SplittableRandom(9));
                assertTrue(model.evaluate(data).loss() < before / 3, spec + " loss did not fall");
                assertTrue(model.evaluate(data).accuracy() > 0.97, spec + " " + model.evaluate(data));
                results[run] = model.parameters();
            }
            assertTrue(Arrays.equals(results[0], results[1]), spec + " is not deterministic");
        }
    }

    @Test
    void backpropagationMatchesFiniteDifferences() {
        Dataset data = separable(12, 3);
        FederatedModel model = task.createModel(new ModelShape("mlp:5", 3, 3), 11);
        float[] start = model.parameters();
        double learningRate = 1e-2;
        // one full-batch step: Δw = −lr · ∇loss
        model.train(data, TrainingOptions.sgd(1, data.size(), learningRate), new SplittableRandom(1));
        float[] after = model.parameters();
        double h = 1e-3;
        for (int k = 0; k < start.length; k++) {
            float[] plus = start.clone();
            plus[k] += (float) h;
            float[] minus = start.clone();
            minus[k] -= (float) h;
            model.setParameters(plus);
            double lossPlus = model.evaluate(data).loss();
            model.setParameters(minus);
            double lossMinus = model.evaluate(data).loss();
            double numeric = (lossPlus - lossMinus) / ((double) plus[k] - minus[k]);
            double analytic = (start[k] - after[k]) / learningRate;
            assertEquals(numeric, analytic, 2e-3 + 2e-2 * Math.abs(numeric), "parameter " + k);
        }
    }

    @Test
    void proximalTermPullsTowardsTheGlobalParameters() {
        Dataset data = separable(90, 4);
        ModelShape shape = new ModelShape("logistic", 3, 3);
        float[] global = task.createModel(shape, 1).parameters();
        FederatedModel plain = task.createModel(shape, 1);
        plain.train(data, TrainingOptions.sgd(10, 10, 0.2), new SplittableRandom(2));
        FederatedModel prox = task.createModel(shape, 1);
        prox.train(data, new TrainingOptions(10, 10, 0.2, 1.0, global), new SplittableRandom(2));
        assertTrue(distance(prox.parameters(), global) < 0.8 * distance(plain.parameters(), global),
                "prox " + distance(prox.parameters(), global) + " plain " + distance(plain.parameters(), global));
    }

    @Test
    void predictsAProbabilityDistribution() {
        FederatedModel model = task.createModel(new ModelShape("mlp:4", 3, 3), 3);
        float[] p = model.predictProbabilities(new float[] {0.5f, -1, 2});
        assertEquals(3, p.length);
        double sum = 0;
        for (float v : p) {
            assertTrue(v > 0 && v < 1);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> model.predictProbabilities(new float[2]));
    }

    @Test
    void refusesMismatchedParametersAndData() {
        FederatedModel model = task.createModel(new ModelShape("logistic", 3, 3), 3);
        assertThrows(IllegalArgumentException.class, () -> model.setParameters(new float[5]));
        float[] nan = model.parameters();
        nan[2] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.setParameters(nan));
        assertTrue(e.getMessage().contains("value 2"), e.getMessage());
        Dataset twoClasses = new Dataset(new float[3], new int[] {0}, 3, 2);
        assertThrows(IllegalArgumentException.class, () -> model.evaluate(twoClasses));
        assertThrows(IllegalArgumentException.class, () -> model.train(separable(3, 1),
                new TrainingOptions(1, 1, 0.1, 0.5, new float[4]), new SplittableRandom(1)));
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }
}
