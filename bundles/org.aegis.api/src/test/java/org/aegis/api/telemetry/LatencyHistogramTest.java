package org.aegis.api.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    private static final long MS = 1_000_000;

    @Test
    void aBoundIsInclusiveAndAboveTheLastIsInfinity() {
        LatencyHistogram histogram = new LatencyHistogram(List.of(0.001, 0.01));

        histogram.recordNanos(MS);        // exactly the first bound
        histogram.recordNanos(MS + 1);    // just above it
        histogram.recordNanos(10 * MS);   // exactly the last bound
        histogram.recordNanos(10 * MS + 1);
        histogram.recordNanos(-5);        // a clock read in the wrong order counts as zero

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();
        assertEquals(List.of(0.001, 0.01), snapshot.upperBoundsSeconds());
        assertEquals(List.of(2L, 2L, 1L), snapshot.bucketCounts());
        assertEquals(5, snapshot.count());
        assertEquals((MS + MS + 1 + 10 * MS + 10 * MS + 1) / 1e9, snapshot.sumSeconds(), 1e-12);
    }

    @Test
    void theDefaultBucketsGoFromHalfAMillisecondToTenSeconds() {
        LatencyHistogram.Snapshot empty = new LatencyHistogram().snapshot();

        assertEquals(0.0005, empty.upperBoundsSeconds().get(0));
        assertEquals(10.0, empty.upperBoundsSeconds().get(empty.upperBoundsSeconds().size() - 1));
        assertEquals(empty.upperBoundsSeconds().size() + 1, empty.bucketCounts().size());
        assertEquals(0, empty.count());
    }

    @Test
    void observationsFromSeveralThreadsAllCount() throws Exception {
        LatencyHistogram histogram = new LatencyHistogram();
        int threads = 4;
        int each = 25_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        histogram.recordNanos(i % 2 == 0 ? MS : 20 * MS);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();
        assertEquals((long) threads * each, snapshot.count());
        assertEquals(threads * each / 2, snapshot.bucketCounts().get(1)); // 1 ms
        assertEquals(threads * each / 2, snapshot.bucketCounts().get(5)); // 20 ms, in the 25 ms bucket
        assertEquals(threads * each / 2 * 0.021, snapshot.sumSeconds(), 1e-6);
    }

    @Test
    void boundsMustBePositiveFiniteAndIncreasing() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of(0.0, 1.0)));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of(1.0, 1.0)));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(List.of(1.0, Double.POSITIVE_INFINITY)));
    }

    @Test
    void aSnapshotMustDescribeOneHistogram() {
        List<Double> bounds = List.of(0.1, 1.0);
        assertEquals(3, new LatencyHistogram.Snapshot(bounds, List.of(1L, 0L, 2L), 2.5, 3).count());

        assertThrows(IllegalArgumentException.class,
                () -> new LatencyHistogram.Snapshot(bounds, List.of(1L, 2L), 0.5, 3), "no +Inf bucket");
        assertThrows(IllegalArgumentException.class,
                () -> new LatencyHistogram.Snapshot(bounds, List.of(1L, 0L, 2L), 2.5, 4), "count is not the sum");
        assertThrows(IllegalArgumentException.class,
                () -> new LatencyHistogram.Snapshot(bounds, List.of(-1L, 2L, 2L), 2.5, 3), "negative count");
        assertThrows(IllegalArgumentException.class,
                () -> new LatencyHistogram.Snapshot(List.of(1.0, 0.1), List.of(1L, 0L, 2L), 2.5, 3), "decreasing");
        assertThrows(IllegalArgumentException.class,
                () -> new LatencyHistogram.Snapshot(bounds, List.of(1L, 0L, 2L), Double.NaN, 3), "no sum");
    }
}
