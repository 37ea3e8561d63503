package org.aegis.consensus.pbft.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.consensus.pbft.quorum.WeightEpochs;

/**
 * Turns the node's metrics report into a {@code metrics-report} proposal: the metrics message of docs/architecture.md as
 * JSON. The request that carries it is signed by this validator, which is what makes the report its own.
 */
final class MetricsReportProposals {
    private final ObjectMapper json = new ObjectMapper();

    Proposal of(MetricsReport report) {
        ObjectNode root = json.createObjectNode();
        root.put("timestamp", report.timestamp().toEpochMilli() / 1000.0);
        root.put("node_id", report.nodeId());
        root.put("mean_phase", report.meanPhase());
        ObjectNode metrics = root.putObject("consciousness_metrics");
        metrics.put("phi", report.metrics().phi());
        metrics.put("coherence", report.metrics().coherence());
        metrics.put("stability", report.metrics().stability());
        metrics.put("divergence", report.metrics().divergence());
        metrics.put("consciousness_level", report.metrics().consciousnessLevel());
        ObjectNode global = root.putObject("global_state");
        global.put("network_coherence", report.global().networkCoherence());
        global.put("collective_awareness", report.global().collectiveAwareness());
        global.put("system_health", report.global().systemHealth());
        try {
            return new Proposal("metrics-report/" + report.nodeId() + "/" + report.timestamp().toEpochMilli(),
                    WeightEpochs.KIND_METRICS_REPORT, json.writeValueAsBytes(root), report.nodeId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers and strings always serialises", e);
        }
    }
}
