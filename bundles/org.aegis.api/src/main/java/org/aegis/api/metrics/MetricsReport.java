package org.aegis.api.metrics;

import java.time.Instant;

/**
 * A node's metrics message (topic {@code aegis/metrics/1}).
 *
 * @param timestamp when it was computed
 * @param nodeId    the node's peer id
 * @param meanPhase arg z at the last sample (radians)
 * @param metrics   the node's own metrics
 * @param global    the network as the node sees it
 */
public record MetricsReport(Instant timestamp, String nodeId, double meanPhase, ConsciousnessMetrics metrics,
        GlobalState global) {
}
