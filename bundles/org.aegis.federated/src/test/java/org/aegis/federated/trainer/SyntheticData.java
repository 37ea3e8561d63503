package org.aegis.federated.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.TaskData;
import org.aegis.federated.task.LocalTask;

/**
 * Seeded Gaussian blobs of 3 classes in 4 features measured at very different scales (so that the federated
 * normalisation matters), and non-IID partitions of them.
 */
final class SyntheticData {
    static final int FEATURES = 4;
    static final List<String> LABELS = List.of("a", "b", "c");
    private static final double[] SCALE = {0.01, 1, 50, 1000};
    private static final double[] OFFSET = {0.3, -2, 100, 5000};
    private static final double[][] CENTRES = {{1.2, -1, 0.5, 0}, {-1, 1.1, 0, 0.6}, {0, 0, -1.2, -1}};

    private SyntheticData() {
    }

    /** {@code perClass[k]} rows of class k. */
    static Dataset blobs(int[] perClass, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int rows = 0;
        for (int n : perClass) {
            rows += n;
        }
        float[] x = new float[rows * FEATURES];
        int[] y = new int[rows];
        int row = 0;
        for (int k = 0; k < perClass.length; k++) {
            for (int i = 0; i < perClass[k]; i++, row++) {
                for (int j = 0; j < FEATURES; j++) {
                    double standard = CENTRES[k][j] + gaussian(random);
                    x[row * FEATURES + j] = (float) (OFFSET[j] + SCALE[j] * standard);
                }
                y[row] = k;
            }
        }
        return new Dataset(x, y, FEATURES, LABELS.size());
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Node {@code node}'s skewed share: most rows of one class, a few of the others. */
    static Dataset skewed(int node, long seed) {
        int[] perClass = {20, 20, 20};
        perClass[node % LABELS.size()] = 160;
        return blobs(perClass, seed + node);
    }

    static LocalTask task(String name, Dataset training, Dataset held) {
        List<String> features = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            features.add("f" + j);
        }
        return new LocalTask(name, "logistic", LABELS, new TaskData(features, LABELS, training),
                Optional.of(new TaskData(features, LABELS, held)));
    }

    static List<float[]> rows(Dataset data) {
        List<float[]> rows = new ArrayList<>();
        for (int r = 0; r < data.size(); r++) {
            float[] row = new float[FEATURES];
            data.copyRow(r, row, 0);
            rows.add(row);
        }
        return rows;
    }
}
