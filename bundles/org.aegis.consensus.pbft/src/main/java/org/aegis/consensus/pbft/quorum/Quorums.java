package org.aegis.consensus.pbft.quorum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Weighted quorum arithmetic (docs/metrics.md §5), exact in integers. */
public final class Quorums {
    private Quorums() {
    }

    /** A certificate, the analogue of 2f+1 votes: 3·Q &gt; 2·W. */
    public static boolean strong(long votedWeight, long totalWeight) {
        return 3 * votedWeight > 2 * totalWeight;
    }

    /** A weak certificate, the analogue of f+1 votes (at least one honest voter): 3·Q &gt; W. */
    public static boolean weak(long votedWeight, long totalWeight) {
        return 3 * votedWeight > totalWeight;
    }

    /** The largest Byzantine weight f with 3·f &lt; W. */
    public static long faultToleranceWeight(long totalWeight) {
        return totalWeight <= 0 ? 0 : (totalWeight - 1) / 3;
    }

    /** The largest k such that the k heaviest validators together weigh less than a third of the total. */
    public static int faultToleranceCount(List<Integer> weights) {
        long total = weights.stream().mapToLong(Integer::longValue).sum();
        List<Integer> heaviestFirst = new ArrayList<>(weights);
        heaviestFirst.sort(Comparator.reverseOrder());
        long sum = 0;
        int count = 0;
        for (int w : heaviestFirst) {
            sum += w;
            if (3 * sum >= total) {
                break;
            }
            count++;
        }
        return count;
    }

    /** The cap: with f = ⌊(n−1)/3⌋, the f heaviest weights sum to strictly less than a third of the total. */
    public static boolean withinCap(List<Integer> weights) {
        int f = (weights.size() - 1) / 3;
        List<Integer> heaviestFirst = new ArrayList<>(weights);
        heaviestFirst.sort(Comparator.reverseOrder());
        long total = weights.stream().mapToLong(Integer::longValue).sum();
        long top = heaviestFirst.stream().limit(Math.max(0, f)).mapToLong(Integer::longValue).sum();
        return 3 * top < total;
    }
}
