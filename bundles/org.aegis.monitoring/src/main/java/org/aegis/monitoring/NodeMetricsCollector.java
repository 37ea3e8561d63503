package org.aegis.monitoring;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The metrics Φ R S D C of this node and its network (docs/metrics.md), while the metrics engine runs: this node's
 * last report, and the consciousness level C each peer last reported.
 */
@Component(service = {})
public final class NodeMetricsCollector {
    private final MetricsEngine engine;
    private final Registration registration;

    @Activate
    public NodeMetricsCollector(@Reference MonitoringRegistry registry, @Reference MetricsEngine engine) {
        this.engine = engine;
        this.registration = registry.register(this::collect);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }

    MetricSnapshots collect() {
        Families families = new Families();
        Optional<MetricsReport> current = engine.current();
        current.ifPresent(report -> {
            ConsciousnessMetrics m = report.metrics();
            families.gauge("aegis_phi", "Integrated information Φ of this node's oscillators", m.phi())
                    .gauge("aegis_coherence", "Phase coherence R", m.coherence())
                    .gauge("aegis_stability", "Stability S", m.stability())
                    .gauge("aegis_divergence", "Divergence D", m.divergence())
                    .gauge("aegis_consciousness_level", "Consciousness level C, which sets the vote weight",
                            m.consciousnessLevel())
                    .gauge("aegis_network_coherence", "Coherence of the network's mean phases",
                            report.global().networkCoherence())
                    .gauge("aegis_collective_awareness", "Collective awareness of the network",
                            report.global().collectiveAwareness())
                    .gauge("aegis_system_health", "System health of the network", report.global().systemHealth())
                    .gauge("aegis_metrics_report_timestamp_seconds", "When this node's last report was made",
                            report.timestamp().toEpochMilli() / 1000.0);
        });
        Map<Labels, Double> peers = new LinkedHashMap<>();
        for (MetricsReport peer : engine.peers()) {
            peers.put(Labels.of("peer", peer.nodeId()), peer.metrics().consciousnessLevel());
        }
        return families.gauge("aegis_peer_consciousness_level", "Consciousness level C each peer last reported",
                peers).build();
    }
}
