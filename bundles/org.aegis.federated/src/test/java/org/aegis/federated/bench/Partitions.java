package org.aegis.federated.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits the training rows over clients: IID (a seeded shuffle cut into equal parts) or with label skew by
 * Dirichlet(α) (Hsu, Qi and Brown 2019): for each class, the class's rows are shared out in proportions drawn
 * from Dirichlet(α, …, α). Small α gives clients few classes. A draw that leaves a client with fewer than
 * {@value #MIN_ROWS} rows is redrawn, so that every client has something to train on.
 */
final class Partitions {
    static final int MIN_ROWS = 20;

    private Partitions() {
    }

    /** A partition's name: {@code iid} or {@code dirichlet-<alpha>}. */
    static String name(double alpha) {
        return alpha <= 0 ? "iid" : "dirichlet-" + alpha;
    }

    /** Rows per client; {@code alpha <= 0} means IID. */
    static int[][] split(int[] labels, int classCount, int clients, double alpha, long seed) {
        return alpha <= 0 ? iid(labels.length, clients, seed) : dirichlet(labels, classCount, clients, alpha, seed);
    }

    static int[][] iid(int rows, int clients, long seed) {
        int[] order = shuffled(rows, new SplittableRandom(seed));
        int[][] parts = new int[clients][];
        for (int c = 0; c < clients; c++) {
            int from = (int) ((long) rows * c / clients);
            int to = (int) ((long) rows * (c + 1) / clients);
            parts[c] = java.util.Arrays.copyOfRange(order, from, to);
        }
        return parts;
    }

    static int[][] dirichlet(int[] labels, int classCount, int clients, double alpha, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        while (true) {
            List<List<Integer>> parts = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                parts.add(new ArrayList<>());
            }
            for (int k = 0; k < classCount; k++) {
                int[] rows = rowsOfClass(labels, k, random);
                double[] share = Gamma.dirichlet(alpha, clients, random);
                double cumulative = 0;
                int from = 0;
                for (int c = 0; c < clients; c++) {
                    cumulative += share[c];
                    int to = c == clients - 1 ? rows.length : (int) Math.round(cumulative * rows.length);
                    for (int i = from; i < to; i++) {
                        parts.get(c).add(rows[i]);
                    }
                    from = Math.max(from, to);
                }
            }
            if (parts.stream().allMatch(p -> p.size() >= MIN_ROWS)) {
                return parts.stream().map(p -> p.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
            }
        }
    }

    /** How many rows of each class each client holds: {@code [client][class]}. */
    static int[][] classCounts(int[][] parts, int[] labels, int classCount) {
        int[][] counts = new int[parts.length][classCount];
        for (int c = 0; c < parts.length; c++) {
            for (int row : parts[c]) {
                counts[c][labels[row]]++;
            }
        }
        return counts;
    }

    private static int[] rowsOfClass(int[] labels, int k, SplittableRandom random) {
        int[] rows = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == k).toArray();
        int[] order = shuffled(rows.length, random);
        int[] result = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            result[i] = rows[order[i]];
        }
        return result;
    }

    static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Gamma and Dirichlet draws (Marsaglia and Tsang 2000; shape < 1 by the boost U^(1/shape)). */
    static final class Gamma {
        private Gamma() {
        }

        static double[] dirichlet(double alpha, int size, SplittableRandom random) {
            double[] draw = new double[size];
            double sum = 0;
            for (int i = 0; i < size; i++) {
                draw[i] = sample(alpha, random);
                sum += draw[i];
            }
            for (int i = 0; i < size; i++) {
                draw[i] = sum > 0 ? draw[i] / sum : 1.0 / size;
            }
            return draw;
        }

        static double sample(double shape, SplittableRandom random) {
            if (shape < 1) {
                return sample(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
            }
            double d = shape - 1.0 / 3;
            double c = 1 / Math.sqrt(9 * d);
            while (true) {
                double x = Gaussian.next(random);
                double v = 1 + c * x;
                if (v <= 0) {
                    continue;
                }
                v = v * v * v;
                double u = random.nextDouble();
                if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                    return d * v;
                }
            }
        }
    }
}
