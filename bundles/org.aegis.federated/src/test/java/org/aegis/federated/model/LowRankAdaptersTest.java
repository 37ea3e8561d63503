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
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.WeightMatrix;
import org.junit.jupiter.api.Test;

class LowRankAdaptersTest {
    private final BuiltinTrainingTask task = new BuiltinTrainingTask();
    private final Dataset data = DenseNetworkTest.separable(90, 3);

    private DifferentiableModel mlp() {
        return (DifferentiableModel) task.createModel(new ModelShape("mlp:8,6", 3, 3), 11);
    }

    private static double loss(DifferentiableModel model, float[] parameters, Dataset data) {
        model.setParameters(parameters);
        return model.evaluate(data).loss();
    }

    @Test
    void theModelsGradientMatchesFiniteDifferences() {
        DifferentiableModel model = mlp();
        float[] p = model.parameters();
        double[] gradient = new double[p.length];
        int[] rows = Shuffling.identity(data.size());
        double loss = model.lossGradient(data, rows, 0, rows.length, gradient);
        assertEquals(model.evaluate(data).loss(), loss, 1e-6);
        for (int k = 0; k < p.length; k += 7) {
            float[] plus = p.clone();
            float[] minus = p.clone();
            plus[k] += 1e-2f;
            minus[k] -= 1e-2f;
            double numeric = (loss(model, plus, data) - loss(model, minus, data)) / (plus[k] - minus[k]);
            assertEquals(numeric, gradient[k], 2e-3 + 0.02 * Math.abs(numeric), "parameter " + k);
        }
    }

    private static float[] plus(float[] base, float[] delta) {
        float[] sum = base.clone();
        for (int k = 0; k < sum.length; k++) {
            sum[k] += delta[k];
        }
        return sum;
    }

    /** ∂loss/∂(B, A) at a point where neither is zero, against finite differences through the expanded update. */
    @Test
    void theFactorGradientsFollowTheLossThroughTheExpandedUpdate() {
        DifferentiableModel model = mlp();
        float[] base = model.parameters();
        LowRankAdapters adapters = LowRankAdapters.forRound(model.weightMatrices(), 2, 5, 1);
        SplittableRandom random = new SplittableRandom(8);
        float[] change = new float[adapters.parameterCount()];
        for (int k = 0; k < change.length; k++) {
            change[k] = (float) (0.3 * (2 * random.nextDouble() - 1));
        }
        float[] factors = plus(adapters.start(), change);
        double[] gradient = new double[base.length];
        model.setParameters(plus(base, adapters.expand(change, base.length)));
        model.lossGradient(data, Shuffling.identity(data.size()), 0, data.size(), gradient);
        double[] factorGradient = new double[change.length];
        adapters.factorGradients(factors, gradient, factorGradient);
        for (int k = 0; k < change.length; k++) {
            float[] up = change.clone();
            float[] down = change.clone();
            up[k] += 1e-2f;
            down[k] -= 1e-2f;
            double numeric = (loss(model, plus(base, adapters.expand(up, base.length)), data)
                    - loss(model, plus(base, adapters.expand(down, base.length)), data)) / (up[k] - down[k]);
            assertEquals(numeric, factorGradient[k], 2e-3 + 0.02 * Math.abs(numeric), "factor " + k);
        }
    }

    @Test
    void adaptersSendFewValuesChangeOnlyTheWeightMatricesWithinTheirRankAndLearn() {
        DifferentiableModel model = mlp();
        float[] base = model.parameters();
        double before = model.evaluate(data).loss();
        LowRankAdapters adapters = LowRankAdapters.forRound(model.weightMatrices(), 1, 5, 1);
        // 3 → 8 → 6 → 3: rank 1 sends (8 + 3) + (6 + 8) + (3 + 6) values instead of 24 + 48 + 18 weights
        assertEquals(11 + 14 + 9, adapters.parameterCount());
        LowRankAdapters.Trained trained = adapters.train(model, base, data, TrainingOptions.sgd(20, 16, 0.1),
                new SplittableRandom(2));
        float[] merged = plus(base, adapters.expand(trained.change(), base.length));
        assertArrayEquals(merged, model.parameters(), 1e-6f, "the model is left at the merged result");
        assertTrue(loss(model, merged, data) < before - 0.2, before + " then " + loss(model, merged, data));

        boolean[] inMatrix = new boolean[base.length];
        for (WeightMatrix matrix : model.weightMatrices()) {
            Arrays.fill(inMatrix, matrix.offset(), matrix.offset() + matrix.size(), true);
            // rank 1: every row of the change is a multiple of the same row vector A
            int columns = matrix.columns();
            int reference = -1;
            for (int row = 0; row < matrix.rows() && reference < 0; row++) {
                if (merged[matrix.offset() + row * columns] != base[matrix.offset() + row * columns]) {
                    reference = row;
                }
            }
            assertTrue(reference >= 0, matrix + " did not change");
            for (int row = 0; row < matrix.rows(); row++) {
                double ratio = delta(merged, base, matrix, row, 0) / delta(merged, base, matrix, reference, 0);
                for (int c = 1; c < columns; c++) {
                    assertEquals(ratio * delta(merged, base, matrix, reference, c), delta(merged, base, matrix, row, c),
                            1e-4, matrix + " row " + row);
                }
            }
        }
        for (int k = 0; k < base.length; k++) {
            if (!inMatrix[k]) {
                assertEquals(base[k], merged[k], "bias " + k + " is not adapted");
            }
        }
    }

    private static double delta(float[] merged, float[] base, WeightMatrix matrix, int row, int column) {
        int k = matrix.offset() + row * matrix.columns() + column;
        return (double) merged[k] - base[k];
    }

    @Test
    void everyNodeDrawsTheSameStartForARoundAndANewOneForTheNext() {
        List<WeightMatrix> matrices = mlp().weightMatrices();
        int parameters = mlp().parameterCount();
        LowRankAdapters round3 = LowRankAdapters.forRound(matrices, 2, 9, 3);
        float[] change = new float[round3.parameterCount()];
        Arrays.fill(change, 0.5f);
        assertArrayEquals(round3.expand(change, parameters), LowRankAdapters.forRound(matrices, 2, 9, 3).expand(change, parameters));
        assertFalse(Arrays.equals(round3.expand(change, parameters),
                LowRankAdapters.forRound(matrices, 2, 9, 4).expand(change, parameters)));
        assertArrayEquals(new float[parameters], round3.expand(new float[change.length], parameters), "B starts at zero");
    }

    @Test
    void aMatrixStoredInputMajorIsAdaptedAsOutputsTimesInputs() {
        // 3 inputs × 2 outputs stored as rows of inputs: W[o][i] lives at 1 + i * 2 + o
        WeightMatrix inputMajor = new WeightMatrix("w", 1, 3, 2, true);
        assertEquals(2, inputMajor.outputs());
        assertEquals(3, inputMajor.inputs());
        assertEquals(1 + 2 * 2 + 1, inputMajor.index(1, 2));
        LowRankAdapters adapters = LowRankAdapters.forRound(List.of(inputMajor), 1, 4, 1);
        assertEquals(2 + 3, adapters.parameterCount(), "rank 1: B has one value per output, A one per input");
        float[] delta = adapters.expand(new float[] {1, 2, 0, 0, 0}, 7);
        assertEquals(0, delta[0], "outside the matrix");
        float[] a = adapters.start();
        for (int i = 0; i < 3; i++) {
            assertEquals(a[2 + i], delta[inputMajor.index(0, i)], 1e-7, "B = (1, 2): output 0 moves by A");
            assertEquals(2 * a[2 + i], delta[inputMajor.index(1, i)], 1e-7, "output 1 moves twice as far");
        }
    }

    @Test
    void wrongLengthsAreRefused() {
        DifferentiableModel model = mlp();
        LowRankAdapters adapters = LowRankAdapters.forRound(model.weightMatrices(), 2, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> adapters.expand(new float[3], model.parameterCount()));
        assertThrows(IllegalArgumentException.class, () -> adapters.expand(new float[adapters.parameterCount()], 10));
        assertThrows(IllegalArgumentException.class, () -> adapters.train(model, new float[4], data,
                TrainingOptions.sgd(1, 8, 0.1), new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> LowRankAdapters.forRound(List.of(), 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> LowRankAdapters.forRound(model.weightMatrices(), 0, 1, 1));
    }
}
