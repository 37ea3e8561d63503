package org.aegis.monitoring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.aegis.api.telemetry.LatencyHistogram;
import org.aegis.api.telemetry.MetricSource;
import org.junit.jupiter.api.Test;

/** A bundle's own metrics on /metrics while its source is registered, and a bad source costs only its own part. */
class MetricSourceCollectorTest {
    private final MonitoringRegistry registry = new MonitoringRegistry();
    private final MetricSourceCollector collector = new MetricSourceCollector(registry);

    private String exposition() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countersGaugesAndHistogramsUntilTheSourceLeaves() throws IOException {
        LatencyHistogram latency = new LatencyHistogram(List.of(0.001, 0.01));
        latency.recordNanos(500_000);
        latency.recordNanos(5_000_000);
        latency.recordNanos(50_000_000);
        MetricSource source = out -> {
            out.counter("aegis_test_dropped", "Dropped", Map.of("reason", "invalid"), 3);
            out.counter("aegis_test_dropped", "Dropped", Map.of("reason", "replayed"), 1);
            out.gauge("aegis_test_open", "Open now", 2);
            out.histogram("aegis_test_latency_seconds", "Latency", latency.snapshot());
        };
        collector.bindSource(source);

        String text = exposition();
        assertTrue(text.contains("# TYPE aegis_test_dropped_total counter\n"), text);
        assertTrue(text.contains("\naegis_test_dropped_total{reason=\"invalid\"} 3.0\n"), text);
        assertTrue(text.contains("\naegis_test_dropped_total{reason=\"replayed\"} 1.0\n"), text);
        assertTrue(text.contains("\naegis_test_open 2.0\n"), text);
        // cumulative in the exposition: le="0.01" holds the observations up to 10 ms
        assertTrue(text.contains("\naegis_test_latency_seconds_bucket{le=\"0.001\"} 1\n"), text);
        assertTrue(text.contains("\naegis_test_latency_seconds_bucket{le=\"0.01\"} 2\n"), text);
        assertTrue(text.contains("\naegis_test_latency_seconds_bucket{le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("\naegis_test_latency_seconds_count 3\n"), text);
        assertTrue(text.contains("\naegis_test_latency_seconds_sum 0.0555\n"), text);

        collector.unbindSource(source);
        assertFalse(exposition().contains("aegis_test_"));
    }

    @Test
    void aThrowingSourceOrABadFamilyLeavesTheRestOfTheScrape() throws IOException {
        collector.bindSource(out -> {
            throw new IllegalStateException("broken");
        });
        collector.bindSource(out -> {
            out.gauge("not_aegis", "Outside the namespace", 1);
            out.counter("aegis_bad_total", "Counter named with _total", 1);
            out.gauge("aegis_mixed", "Gauge, then counter", 1);
            out.counter("aegis_mixed", "Gauge, then counter", 1);
            out.gauge("aegis_labels", "Changing label names", Map.of("a", "1"), 1);
            out.gauge("aegis_labels", "Changing label names", Map.of("b", "1"), 1);
            out.gauge("aegis_good", "Fine", 7);
        });

        String text = exposition();
        assertTrue(text.contains("\naegis_good 7.0\n"), text);
        assertFalse(text.contains("not_aegis"), text);
        assertFalse(text.contains("aegis_bad"), text);
        assertFalse(text.contains("aegis_mixed"), text);
        assertFalse(text.contains("aegis_labels"), text);
        assertTrue(text.contains("\njvm_memory_used_bytes{area=\"heap\"}"), "the rest of the scrape: " + text);
    }

    @Test
    void aNameIsWrittenByTheSourceThatWroteItFirstUntilThatSourceLeaves() throws IOException {
        MetricSource first = out -> out.gauge("aegis_shared", "Shared", 1);
        MetricSource second = out -> out.counter("aegis_shared", "Shared", 2);
        collector.bindSource(first);
        collector.bindSource(second);

        String text = exposition();
        assertTrue(text.contains("\naegis_shared 1.0\n"), text);
        assertFalse(text.contains("aegis_shared_total"), text);

        collector.unbindSource(first);
        assertTrue(exposition().contains("\naegis_shared_total 2.0\n"));
    }
}
