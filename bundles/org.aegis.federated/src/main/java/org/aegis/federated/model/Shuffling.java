package org.aegis.federated.model;

import java.util.random.RandomGenerator;

/** The sample orders of local training: Fisher–Yates with the caller's generator, so that runs are reproducible. */
final class Shuffling {
    private Shuffling() {
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    static void shuffle(int[] order, RandomGenerator random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
