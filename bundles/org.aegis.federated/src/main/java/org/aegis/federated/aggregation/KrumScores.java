package org.aegis.federated.aggregation;

import java.util.Arrays;

/**
 * Krum scores (Blanchard et al. 2017): each update's score is the sum of its squared distances to its n − f − 2
 * nearest other updates; honest updates, clustered together, score low.
 */
final class KrumScores {
    private KrumScores() {
    }

    /** Krum's guarantee needs n ≥ 2f + 3 (Blanchard et al.), which also leaves n − f − 2 ≥ 1 neighbours. */
    static void requireEnough(int n, int f, String strategy) {
        if (n < 2 * f + 3) {
            throw new IllegalArgumentException(strategy + " with f = " + f + " assumed Byzantine needs at least "
                    + (2 * f + 3) + " updates, got " + n);
        }
    }

    /** The score of every update. */
    static double[] scores(UpdateMatrix m, int f) {
        int n = m.size;
        double[][] distance = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                distance[a][b] = distance[b][a] = m.squaredDistance(a, b);
            }
        }
        int neighbours = n - f - 2;
        double[] others = new double[n - 1];
        double[] scores = new double[n];
        for (int a = 0; a < n; a++) {
            int k = 0;
            for (int b = 0; b < n; b++) {
                if (b != a) {
                    others[k++] = distance[a][b];
                }
            }
            Arrays.sort(others);
            double score = 0;
            for (int i = 0; i < neighbours; i++) {
                score += others[i];
            }
            scores[a] = score;
        }
        return scores;
    }

    /** Update indices by ascending score; equal scores keep update order. */
    static int[] ranking(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Stable sort on the score alone: deterministic for equal scores.
        Arrays.sort(order, (x, y) -> Double.compare(scores[x], scores[y]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
