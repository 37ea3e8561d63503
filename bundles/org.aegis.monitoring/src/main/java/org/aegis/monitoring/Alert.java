package org.aegis.monitoring;

import java.time.Instant;
import java.util.Map;

/**
 * Something an operator should hear of, as the node's event bus and {@code GET /api/v1/alerts} carry it.
 *
 * @param kind     the topic's last segment: {@code health}, {@code view-change} or {@code peer-lost}
 * @param severity {@code critical}, {@code warning} or {@code resolved}
 * @param message  one sentence for an operator
 * @param details  what the kind adds (the component and its states, the views, the peer)
 */
public record Alert(Instant time, String kind, String severity, String message, Map<String, Object> details) {
    static final String CRITICAL = "critical";
    static final String WARNING = "warning";
    static final String RESOLVED = "resolved";
}
