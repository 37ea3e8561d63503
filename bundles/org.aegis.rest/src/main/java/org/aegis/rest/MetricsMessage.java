package org.aegis.rest;

import java.math.BigDecimal;
import java.util.List;
import org.aegis.api.metrics.MetricsReport;

/**
 * A node's metrics in the seed's message format (docs/metrics.md §4), the same on {@code /api/metrics}, in the
 * history and on {@code /ws}: {@code timestamp} in seconds as {@code 1234567890.123}, never in exponent
 * form; field names fixed.
 */
public record MetricsMessage(BigDecimal timestamp, String nodeId, double meanPhase, Metrics consciousnessMetrics,
        Global globalState) {

    public record Metrics(double phi, double coherence, double stability, double divergence,
            double consciousnessLevel) {
    }

    public record Global(double networkCoherence, double collectiveAwareness, double systemHealth) {
    }

    static MetricsMessage of(MetricsReport report) {
        var m = report.metrics();
        var g = report.global();
        return new MetricsMessage(BigDecimal.valueOf(report.timestamp().toEpochMilli(), 3), report.nodeId(),
                report.meanPhase(),
                new Metrics(m.phi(), m.coherence(), m.stability(), m.divergence(), m.consciousnessLevel()),
                new Global(g.networkCoherence(), g.collectiveAwareness(), g.systemHealth()));
    }

    static List<MetricsMessage> of(List<MetricsReport> reports) {
        return reports.stream().map(MetricsMessage::of).toList();
    }
}
