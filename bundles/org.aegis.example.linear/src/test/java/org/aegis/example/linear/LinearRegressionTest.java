package org.aegis.example.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.WeightMatrix;
import org.junit.jupiter.api.Test;

/** The example model: it learns, it is reproducible, its gradient is right, and it refuses what does not fit. */
class LinearRegressionTest {
    /** y = 2 x1 - 3 x2 + 1 on a grid whose targets are the class indices 1 to 13. */
    private static final Dataset PLANE = plane();
    private static final ModelShape PLANE_SHAPE = new ModelShape("linear-regression", 2, 14);

    private static Dataset plane() {
        float[] features = new float[7 * 3 * 2];
        int[] labels = new int[7 * 3];
        int row = 0;
        for (int a = 0; a < 7; a++) {
            for (int b = 0; b < 3; b++) {
                float x1 = a * 0.5f;
                float x2 = -b;
                features[2 * row] = x1;
                features[2 * row + 1] = x2;
                labels[row++] = Math.round(2 * x1 - 3 * x2 + 1);
            }
        }
        return new Dataset(features, labels, 2, 14);
    }

    private static LinearRegression model(ModelShape shape, long seed) {
        return new LinearRegression(shape, new SplittableRandom(seed));
    }

    private static LinearRegression trainedOnThePlane() {
        LinearRegression model = model(PLANE_SHAPE, 1);
        model.train(PLANE, TrainingOptions.sgd(2000, 4, 0.02), new SplittableRandom(7));
        return model;
    }

    @Test
    void learnsANoiselessPlane() {
        LinearRegression model = trainedOnThePlane();

        assertArrayEquals(new float[] {2, -3, 1}, model.parameters(), 1e-4f);
        Evaluation evaluation = model.evaluate(PLANE);
        assertTrue(evaluation.loss() < 1e-6, "mean squared error " + evaluation.loss());
        assertEquals(1.0, evaluation.accuracy());
        assertEquals(PLANE.size(), evaluation.samples());
    }

    @Test
    void theSameSeedAndDataTrainToBitIdenticalParameters() {
        LinearRegression first = model(PLANE_SHAPE, 3);
        LinearRegression second = model(PLANE_SHAPE, 3);
        TrainingOptions options = TrainingOptions.sgd(5, 3, 0.01);

        double firstLoss = first.train(PLANE, options, new SplittableRandom(11));
        double secondLoss = second.train(PLANE, options, new SplittableRandom(11));

        assertArrayEquals(first.parameters(), second.parameters());
        assertEquals(firstLoss, secondLoss);
    }

    @Test
    void predictsTheNearestClassesWithTheirShares() {
        LinearRegression model = model(new ModelShape("linear-regression", 1, 5), 0);
        model.setParameters(new float[] {1, 0});

        assertArrayEquals(new float[] {0, 0, 0.75f, 0.25f, 0}, model.predictProbabilities(new float[] {2.25f}));
        assertArrayEquals(new float[] {1, 0, 0, 0, 0}, model.predictProbabilities(new float[] {-7}));
        assertArrayEquals(new float[] {0, 0, 0, 0, 1}, model.predictProbabilities(new float[] {40}));
    }

    @Test
    void theGradientMatchesFiniteDifferences() {
        ModelShape shape = new ModelShape("linear-regression", 3, 4);
        SplittableRandom random = new SplittableRandom(5);
        float[] features = new float[10 * 3];
        int[] labels = new int[10];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) (2 * random.nextDouble() - 1);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(4);
        }
        Dataset data = new Dataset(features, labels, 3, 4);
        int[] rows = {9, 2, 4, 4, 7, 0};
        LinearRegression model = model(shape, 9);
        float[] parameters = model.parameters();
        double[] gradient = new double[model.parameterCount()];

        model.lossGradient(data, rows, 1, 4, gradient);

        // The loss is quadratic in the parameters, so a central difference is exact up to rounding.
        float step = 0.0625f;
        double[] scratch = new double[model.parameterCount()];
        for (int k = 0; k < parameters.length; k++) {
            float[] up = parameters.clone();
            float[] down = parameters.clone();
            up[k] += step;
            down[k] -= step;
            model.setParameters(up);
            double above = model.lossGradient(data, rows, 1, 4, scratch);
            model.setParameters(down);
            double below = model.lossGradient(data, rows, 1, 4, scratch);
            double expected = (above - below) / (up[k] - down[k]);
            assertEquals(expected, gradient[k], 1e-5, "parameter " + k);
        }
    }

    @Test
    void adaptersCoverTheWeightsAndTheIntercept() {
        LinearRegression model = model(new ModelShape("linear-regression", 3, 4), 0);
        assertEquals(List.of(new WeightMatrix("weights and intercept", 0, 1, 4)), model.weightMatrices());
    }

    @Test
    void theProximalTermPullsTowardsTheGlobalModel() {
        float[] global = {0, 0, 0};
        LinearRegression free = model(PLANE_SHAPE, 1);
        LinearRegression held = model(PLANE_SHAPE, 1);
        free.setParameters(global);
        held.setParameters(global);

        free.train(PLANE, TrainingOptions.sgd(20, 4, 0.02), new SplittableRandom(7));
        held.train(PLANE, new TrainingOptions(20, 4, 0.02, 5.0, global), new SplittableRandom(7));

        assertTrue(norm(held.parameters()) < norm(free.parameters()));
    }

    private static double norm(float[] values) {
        double squares = 0;
        for (float value : values) {
            squares += value * value;
        }
        return Math.sqrt(squares);
    }

    @Test
    void refusesParametersThatDoNotFit() {
        LinearRegression model = model(PLANE_SHAPE, 1);
        float[] before = model.parameters();

        var length = assertThrows(IllegalArgumentException.class, () -> model.setParameters(new float[2]));
        assertEquals("parameters: 2 values, the model has 3", length.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> model.setParameters(new float[] {1, Float.NaN, 0}));
        assertEquals("parameters: value 1 is not finite: NaN", nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> model.setParameters(new float[] {Float.NEGATIVE_INFINITY, 0, 0}));
        assertArrayEquals(before, model.parameters(), "a refused vector changes nothing");

        assertThrows(IllegalArgumentException.class, () -> model.train(PLANE,
                new TrainingOptions(1, 4, 0.01, 0.5, new float[] {1}), new SplittableRandom(1)));
    }

    @Test
    void refusesDataSamplesAndGradientsOfAnotherShape() {
        LinearRegression model = model(PLANE_SHAPE, 1);
        Dataset wide = new Dataset(new float[3], new int[] {0}, 3, 14);
        Dataset fewerClasses = new Dataset(new float[2], new int[] {0}, 2, 3);

        assertThrows(IllegalArgumentException.class,
                () -> model.train(wide, TrainingOptions.sgd(1, 1, 0.1), new SplittableRandom(1)));
        var classes = assertThrows(IllegalArgumentException.class, () -> model.evaluate(fewerClasses));
        assertEquals("data of 2 features and 3 classes does not fit a model of 2 and 14", classes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.predictProbabilities(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> model.predictProbabilities(new float[] {0, Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> model.lossGradient(PLANE, new int[] {0}, 0, 1,
                new double[2]));
        assertThrows(IllegalArgumentException.class, () -> model.lossGradient(PLANE, new int[] {99}, 0, 1,
                new double[3]));
    }

    @Test
    void aDivergingLearningRateFailsTrainingWithAReason() {
        LinearRegression model = model(PLANE_SHAPE, 1);
        var diverged = assertThrows(IllegalArgumentException.class,
                () -> model.train(PLANE, TrainingOptions.sgd(200, 21, 10), new SplittableRandom(1)));
        assertTrue(diverged.getMessage().startsWith("training diverged: learning rate 10.0"), diverged.getMessage());
    }

    @Test
    void stopsWhenItsThreadIsInterrupted() {
        LinearRegression model = model(PLANE_SHAPE, 1);
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class,
                    () -> model.train(PLANE, TrainingOptions.sgd(5, 4, 0.01), new SplittableRandom(1)));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void emptyDataChangesNothing() {
        LinearRegression model = model(PLANE_SHAPE, 1);
        float[] before = model.parameters();
        Dataset empty = new Dataset(new float[0], new int[0], 2, 14);

        assertEquals(0, model.train(empty, TrainingOptions.sgd(1, 1, 0.1), new SplittableRandom(1)));
        assertEquals(new Evaluation(0, 0, 0), model.evaluate(empty));
        assertArrayEquals(before, model.parameters());
    }
}
