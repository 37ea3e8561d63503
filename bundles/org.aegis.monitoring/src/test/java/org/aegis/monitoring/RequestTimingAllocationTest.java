package org.aegis.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.Suspended;
import org.junit.jupiter.api.Test;

/**
 * The request timing filters: a request of a seen route, method and status is timed without allocating (no boxed
 * start time, no label array, no status string), a suspended request answered on another thread is timed too, and a
 * response with no matched request is not.
 */
class RequestTimingAllocationTest {
    private final Histogram histogram = Histogram.builder().name("test_duration_seconds").help("test")
            .labelNames("method", "route", "status").classicOnly().build();
    private final RequestMetricsFilter.RouteTimers timers =
            new RequestMetricsFilter.RouteTimers("/api/v1/node", false);

    private final MonitoringRegistry registry = new MonitoringRegistry();
    private final RequestMetricsFilter filter = new RequestMetricsFilter(registry);
    private final FakeRequests fakes = new FakeRequests();
    private final ContainerRequestContext request = fakes.request;
    private final ContainerResponseContext ok = fakes.ok;

    @Path("/api/v1/things")
    static class Things {
        @GET
        @Path("{id}")
        public String thing() {
            return "";
        }

        @GET
        @Path("slow")
        public void slow(@Suspended AsyncResponse async) {
            async.resume("");
        }
    }

    RequestTimingAllocationTest() {
        filter.resourceInfo = fakes.resourceInfo;
    }

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
    void requestsAreTimedByRouteAndAResponseWithoutARequestIsNot() throws Exception {
        fakes.matched = Things.class.getMethod("thing");
        filter.filter(request);
        filter.filter(request, ok);
        filter.filter(request, ok); // a second response filter run, e.g. of a request that matched no resource
        assertTrue(fakes.properties.isEmpty(),
                "a request answered on its own thread leaves no property: " + fakes.properties);
        assertTrue(exposition().contains(
                "test_count{method=\"GET\",route=\"/api/v1/things/{id}\",status=\"200\"} 1\n".replace("test",
                        "aegis_http_server_request_duration_seconds")), exposition());
    }

    @Test
    void aSuspendedRequestAnsweredOnAnotherThreadIsTimed() throws Exception {
        fakes.matched = Things.class.getMethod("slow", AsyncResponse.class);
        filter.filter(request);
        fakes.matched = Things.class.getMethod("thing");
        filter.filter(request); // this thread serves another request meanwhile
        filter.filter(request, ok);
        fakes.matched = Things.class.getMethod("slow", AsyncResponse.class);
        CompletableFuture.runAsync(() -> filter.filter(request, ok)).get();
        String text = exposition();
        assertTrue(text.contains("aegis_http_server_request_duration_seconds_count{method=\"GET\","
                + "route=\"/api/v1/things/slow\",status=\"200\"} 1\n"), text);
        assertTrue(text.contains("aegis_http_server_request_duration_seconds_count{method=\"GET\","
                + "route=\"/api/v1/things/{id}\",status=\"200\"} 1\n"), text);
    }

    /**
     * The least allocation of several rounds, each a call of one method, so the JIT compiles it as a whole: a round
     * run before compilation (a busy machine compiles late) may allocate where compiled code does not. Before the
     * data points were kept, each request allocated some 80 bytes (label array, status string, lookup key), and the
     * start time was a boxed {@code Long} in the request's properties.
     */
    @Test
    void aSeenRequestIsTimedWithoutAllocating() throws Exception {
        fakes.matched = Things.class.getMethod("thing");
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
            filter.filter(request);
            filter.filter(request, ok);
        }
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    private String exposition() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
