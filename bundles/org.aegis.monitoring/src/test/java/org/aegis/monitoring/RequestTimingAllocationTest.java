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

    @Test
    void aSeenRequestIsTimedWithoutAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        String get = "GET";
        for (int i = 0; i < 200_000; i++) { // compiled by the JIT before the measured calls
            timers.of(histogram, get, 200 + (i & 3)).observe(1e-3);
        }
        int calls = 1_000_000;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            timers.of(histogram, get, 200 + (i & 3)).observe(1e-3);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < calls / 10, allocated + " bytes allocated for " + calls + " timed requests");
    }
}
