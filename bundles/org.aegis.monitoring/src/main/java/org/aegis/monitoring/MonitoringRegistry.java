package org.aegis.monitoring;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The node's Prometheus registry, what {@code /metrics} exposes: the JVM's metrics from the start, and each
 * collector of this bundle while the service it reads is there. One instance per activation, never the client's
 * static default registry, so a reloaded bundle starts clean.
 */
@Component(service = MonitoringRegistry.class)
public final class MonitoringRegistry {
    private final PrometheusRegistry registry = new PrometheusRegistry();

    @Activate
    public MonitoringRegistry() {
        JvmMetrics.builder().register(registry);
    }

    void register(MultiCollector collector) {
        registry.register(collector);
    }

    void unregister(MultiCollector collector) {
        registry.unregister(collector);
    }

    void register(Collector collector) {
        registry.register(collector);
    }

    void unregister(Collector collector) {
        registry.unregister(collector);
    }

    MetricSnapshots scrape() {
        return registry.scrape();
    }
}
