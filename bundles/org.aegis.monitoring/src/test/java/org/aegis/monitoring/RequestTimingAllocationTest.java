package org.aegis.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Histogram;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Timing a request adds no allocation once its route, method and status were seen: the data point is found in
 * arrays made on the first request, not through label arrays and status strings per request.
 */
class RequestTimingAllocationTest {
    private final Histogram histogram = Histogram.builder().name("test_duration_seconds").help("test")
            .labelNames("method", "route", "status").classicOnly().build();
    private final RequestMetricsFilter.RouteTimers timers = new RequestMetricsFilter.RouteTimers("/api/v1/node");

    @Test
    void theSameRouteMethodAndStatusFindTheSameDataPoint() {
        assertSame(timers.of(histogram, "GET", 200), timers.of(histogram, "GET", 200));
        timers.of(histogram, "GET", 200).observe(0.002);
        timers.of(histogram, "POST", 201).observe(0.004);
        timers.of(histogram, "GET", 999).observe(0.001); // beyond the cached statuses, still counted
        for (String[] labels : new String[][] {{"GET", "200"}, {"POST", "201"}, {"GET", "999"}}) {
            assertEquals(1, histogram.collect().getDataPoints().stream()
                    .filter(point -> point.getLabels().get("method").equals(labels[0])
                            && point.getLabels().get("status").equals(labels[1]))
                    .mapToLong(point -> point.getCount()).sum(), String.join(" ", labels));
        }
    }

    /**
     * The least allocation of several rounds, each a call of one method, so the JIT compiles it as a whole: a round
     * run before compilation (a busy machine compiles late) may allocate where compiled code does not. Before the
     * data points were kept, each request allocated some 80 bytes (label array, status string, lookup key).
     */
    @Test
    void aSeenRequestIsTimedWithoutAllocating() {
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 30; round++) {
            least = Math.min(least, allocatedBy(100_000));
        }
        assertTrue(least < 100_000, least + " bytes allocated for 100000 timed requests at least");
    }

    private long allocatedBy(int calls) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            timers.of(histogram, "GET", 200 + (i & 3)).observe(1e-3);
        }
        return threads.getThreadAllocatedBytes(thread) - before;
    }
}
