package org.aegis.metrics.math;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Integer vote weights from consciousness levels (docs/metrics.md §5): C moves a validator's weight only between 100 and
 * 300, and the f = ⌊(n−1)/3⌋ heaviest validators always hold strictly less than a third of the total, so PBFT's
 * safety argument holds for any f of them.
 */
public final class VoteWeights {
    static final int MIN_WEIGHT = 100;
    static final int SPAN = 200;
    /** The cap blends toward the mean in steps of 1/64. */
    static final int BLEND_STEPS = 64;

    private VoteWeights() {
    }

    /**
     * @param levels one C per validator (a validator without a committed report counts as 0); values outside [0, 1]
     *               are clamped
     * @return one weight per level, in the same order; empty for no levels
     * @throws IllegalArgumentException for a null list, a null or NaN level
     */
    public static List<Integer> of(List<Double> levels) {
        if (levels == null) {
            throw new IllegalArgumentException("consciousness levels must not be null");
        }
        int n = levels.size();
        long[] base = new long[n];
        for (int i = 0; i < n; i++) {
            Double c = levels.get(i);
            if (c == null || Double.isNaN(c)) {
                throw new IllegalArgumentException("consciousness level " + i + " is " + c);
            }
            base[i] = MIN_WEIGHT + roundHalfUp(SPAN * Math.min(1.0, Math.max(0.0, c)));
        }
        if (n == 0 || withinCap(base)) {
            return toList(base);
        }
        long total = 0;
        for (long b : base) {
            total += b;
        }
        double mean = (double) total / n;
        long[] blended = new long[n];
        for (int step = 1; step <= BLEND_STEPS; step++) {
            double lambda = step / (double) BLEND_STEPS;
            for (int i = 0; i < n; i++) {
                blended[i] = roundHalfUp((1 - lambda) * base[i] + lambda * mean);
            }
            if (withinCap(blended)) {
                return toList(blended);
            }
        }
        // Unreachable: at λ = 1 all weights are equal and 3·f < n. Kept as docs/metrics.md states it.
        long equal = roundHalfUp(mean);
        Arrays.fill(blended, equal);
        return toList(blended);
    }

    /** 3·(sum of the f heaviest) < W, f = ⌊(n−1)/3⌋. */
    static boolean withinCap(long[] weights) {
        int n = weights.length;
        int f = (n - 1) / 3;
        long[] sorted = weights.clone();
        Arrays.sort(sorted);
        long total = 0;
        long heaviest = 0;
        for (int i = 0; i < n; i++) {
            total += sorted[i];
            if (i >= n - f) {
                heaviest += sorted[i];
            }
        }
        return 3 * heaviest < total;
    }

    private static long roundHalfUp(double v) {
        return (long) Math.floor(v + 0.5);
    }

    private static List<Integer> toList(long[] weights) {
        List<Integer> out = new ArrayList<>(weights.length);
        for (long w : weights) {
            out.add(Math.toIntExact(w));
        }
        return List.copyOf(out);
    }
}
