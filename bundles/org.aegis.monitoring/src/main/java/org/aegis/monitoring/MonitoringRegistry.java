package org.aegis.monitoring;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.aegis.api.Registration;
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

    /** Adds the collector's metrics to every scrape until the returned registration is closed. */
    Registration register(MultiCollector collector) {
        registry.register(collector);
        return () -> registry.unregister(collector);
    }

    /** The same, for one metric of the client's own (a histogram, say). */
    Registration register(Collector metric) {
        registry.register(metric);
        return () -> registry.unregister(metric);
    }

    MetricSnapshots scrape() {
        return registry.scrape();
    }
}
