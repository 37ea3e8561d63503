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

    /** One full-batch step from zero adapters is −η·∂loss/∂B: compared with finite differences through merge. */
    @Test
    void theAdapterStepFollowsTheGradientOfTheLossThroughTheMergedWeights() {
        DifferentiableModel model = mlp();
        float[] base = model.parameters();
        LowRankAdapters adapters = LowRankAdapters.forRound(model.weightMatrices(), 2, 5, 1);
        double rate = 1e-3;
        float[] step = adapters.train(model, base, data, TrainingOptions.sgd(1, data.size(), rate),
                new SplittableRandom(1)).adapters();
        for (int k = 0; k < adapters.parameterCount(); k++) {
            float[] plus = new float[adapters.parameterCount()];
            float[] minus = new float[adapters.parameterCount()];
            plus[k] = 1e-2f;
            minus[k] = -1e-2f;
            double numeric = (loss(model, adapters.merge(base, plus), data)
                    - loss(model, adapters.merge(base, minus), data)) / 2e-2;
            assertEquals(numeric, -step[k] / rate, 2e-3 + 0.02 * Math.abs(numeric), "adapter value " + k);
        }
    }

    @Test
    void adaptersOnlyMoveTheWeightMatricesWithinTheirRankAndLearn() {
        DifferentiableModel model = mlp();
        float[] base = model.parameters();
        double before = model.evaluate(data).loss();
        LowRankAdapters adapters = LowRankAdapters.forRound(model.weightMatrices(), 1, 5, 1);
        assertEquals(8 + 6 + 3, adapters.parameterCount(), "rank 1: one value per row of each matrix");
        LowRankAdapters.Trained trained = adapters.train(model, base, data, TrainingOptions.sgd(20, 16, 0.1),
                new SplittableRandom(2));
        float[] merged = adapters.merge(base, trained.adapters());
        assertArrayEquals(merged, model.parameters(), "the model is left at the merged result");
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
    void everyNodeDrawsTheSameProjectionForARoundAndANewOneForTheNext() {
        List<WeightMatrix> matrices = mlp().weightMatrices();
        float[] base = mlp().parameters();
        float[] b = new float[LowRankAdapters.forRound(matrices, 2, 9, 3).parameterCount()];
        Arrays.fill(b, 0.5f);
        assertArrayEquals(LowRankAdapters.forRound(matrices, 2, 9, 3).merge(base, b),
                LowRankAdapters.forRound(matrices, 2, 9, 3).merge(base, b));
        assertFalse(Arrays.equals(LowRankAdapters.forRound(matrices, 2, 9, 3).merge(base, b),
                LowRankAdapters.forRound(matrices, 2, 9, 4).merge(base, b)));
        assertArrayEquals(base, LowRankAdapters.forRound(matrices, 2, 9, 3).merge(base, new float[b.length]));
    }

    @Test
    void wrongLengthsAreRefused() {
        DifferentiableModel model = mlp();
        LowRankAdapters adapters = LowRankAdapters.forRound(model.weightMatrices(), 2, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> adapters.merge(model.parameters(), new float[3]));
        assertThrows(IllegalArgumentException.class, () -> adapters.train(model, new float[4], data,
                TrainingOptions.sgd(1, 8, 0.1), new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> LowRankAdapters.forRound(List.of(), 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> LowRankAdapters.forRound(model.weightMatrices(), 0, 1, 1));
    }
}
