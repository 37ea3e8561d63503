package org.aegis.api.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency distribution with fixed bucket bounds, for a {@link MetricSource} to report: thread-safe, and
 * {@link #recordNanos} neither locks nor allocates, so it can sit on a bundle's hot path. One implementation shared
 * by every bundle, so that all of them bucket the same way.
 */
public final class LatencyHistogram {
    /** Upper bounds in seconds, from half a millisecond to ten seconds; above them is the {@code +Inf} bucket. */
    public static final List<Double> DEFAULT_BOUNDS_SECONDS = List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private final List<Double> upperBoundsSeconds;
    private final long[] upperBoundsNanos;
    /** One per bound, then {@code +Inf}: the observations at most that bound and above the one before. */
    private final LongAdder[] buckets;
    private final LongAdder sumNanos = new LongAdder();

    /** A histogram with the {@link #DEFAULT_BOUNDS_SECONDS}. */
    public LatencyHistogram() {
        this(DEFAULT_BOUNDS_SECONDS);
    }

    /**
     * A histogram with the given upper bounds in seconds: finite, positive, increasing, at least one.
     *
     * @throws IllegalArgumentException if the bounds are not
     */
    public LatencyHistogram(List<Double> upperBoundsSeconds) {
        this.upperBoundsSeconds = List.copyOf(upperBoundsSeconds);
        if (this.upperBoundsSeconds.isEmpty() || this.upperBoundsSeconds.get(0) <= 0) {
            throw new IllegalArgumentException("bounds must be positive, at least one: " + upperBoundsSeconds);
        }
        checkIncreasingAndFinite(this.upperBoundsSeconds);
        this.upperBoundsNanos = this.upperBoundsSeconds.stream().mapToLong(s -> Math.round(s * 1e9)).toArray();
        this.buckets = new LongAdder[upperBoundsNanos.length + 1];
        Arrays.setAll(buckets, i -> new LongAdder());
    }

    /** Records one observation of {@code nanos} nanoseconds; a negative duration counts as zero. */
    public void recordNanos(long nanos) {
        long observed = Math.max(0, nanos);
        int found = Arrays.binarySearch(upperBoundsNanos, observed);
        // a bound is inclusive (Prometheus' "le"); not found gives the first bound above the observation
        buckets[found >= 0 ? found : -found - 1].increment();
        sumNanos.add(observed);
    }

    /** Records the time from {@code startNanos}, an earlier {@link System#nanoTime()}, to now. */
    public void recordSince(long startNanos) {
        recordNanos(System.nanoTime() - startNanos);
    }

    /**
     * The observations so far. Read while others record, it may miss a concurrent observation in part (counted in
     * its bucket but not yet in the sum), never more.
     */
    public Snapshot snapshot() {
        List<Long> counts = new ArrayList<>(buckets.length);
        long count = 0;
        for (LongAdder bucket : buckets) {
            long n = bucket.sum();
            counts.add(n);
            count += n;
        }
        return new Snapshot(upperBoundsSeconds, counts, sumNanos.sum() / 1e9, count);
    }

    private static void checkIncreasingAndFinite(List<Double> bounds) {
        for (int i = 0; i < bounds.size(); i++) {
            double bound = bounds.get(i);
            if (!Double.isFinite(bound) || i > 0 && bound <= bounds.get(i - 1)) {
                throw new IllegalArgumentException("bounds must be finite and increasing: " + bounds);
            }
        }
    }

    /**
     * A histogram's observations at one moment.
     *
     * @param upperBoundsSeconds the finite upper bounds, increasing
     * @param bucketCounts the observations in each bucket, not cumulative: one per bound, the last for {@code +Inf}
     * @param sumSeconds the sum of all observations
     * @param count the number of observations, the sum of {@code bucketCounts}
     */
    public record Snapshot(List<Double> upperBoundsSeconds, List<Long> bucketCounts, double sumSeconds, long count) {
        /** @throws IllegalArgumentException if the parts do not describe one histogram */
        public Snapshot {
            upperBoundsSeconds = List.copyOf(upperBoundsSeconds);
            bucketCounts = List.copyOf(bucketCounts);
            checkIncreasingAndFinite(upperBoundsSeconds);
            if (bucketCounts.size() != upperBoundsSeconds.size() + 1) {
                throw new IllegalArgumentException(bucketCounts.size() + " bucket counts for "
                        + upperBoundsSeconds.size() + " bounds and +Inf");
            }
            if (bucketCounts.stream().anyMatch(n -> n < 0)
                    || bucketCounts.stream().mapToLong(Long::longValue).sum() != count) {
                throw new IllegalArgumentException("bucket counts " + bucketCounts + " must be non-negative and add"
                        + " up to the count " + count);
            }
            if (!(sumSeconds >= 0) || Double.isInfinite(sumSeconds)) {
                throw new IllegalArgumentException("sum must be finite and non-negative: " + sumSeconds);
            }
        }
    }
}
