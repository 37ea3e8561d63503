package org.aegis.itests.simulation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aegis.api.metrics.WeightProvider;

/**
 * docs/metrics.md §5, written again for the simulations from the text (the metrics bundle exports nothing):
 * w = 100 + round(200·clamp(C, 0, 1)), half up; then, while the f heaviest hold a third of the total or more,
 * blend toward the mean with λ = 1/64, 2/64, … and keep the first vector within the cap.
 */
public final class CappedWeights implements WeightProvider {

    @Override
    public List<Integer> weights(List<Double> levels) {
        List<Integer> base = levels.stream()
                .map(c -> 100 + (int) Math.floor(200 * Math.max(0, Math.min(1, c)) + 0.5)).toList();
        if (withinCap(base)) {
            return base;
        }
        double mean = base.stream().mapToInt(Integer::intValue).average().orElse(100);
        for (int step = 1; step <= 64; step++) {
            double lambda = step / 64.0;
            List<Integer> blended = new ArrayList<>(base.size());
            for (int w : base) {
                blended.add((int) Math.floor((1 - lambda) * w + lambda * mean + 0.5));
            }
            if (withinCap(blended)) {
                return blended;
            }
        }
        throw new AssertionError("at λ = 1 all weights are equal, which is within the cap: " + base);
    }

    static boolean withinCap(List<Integer> weights) {
        int f = (weights.size() - 1) / 3;
        long total = weights.stream().mapToLong(Integer::longValue).sum();
        long top = weights.stream().sorted(Comparator.reverseOrder()).limit(f).mapToLong(Integer::longValue).sum();
        return 3 * top < total;
    }
}
