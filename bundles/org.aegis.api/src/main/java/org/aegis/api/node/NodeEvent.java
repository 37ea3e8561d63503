package org.aegis.api.node;

import java.time.Instant;
import java.util.Map;

/**
 * An event on the node's bus.
 *
 * @param topic  slash-separated topic, e.g. {@code aegis/node/started}
 * @param source the component that published it
 * @param time   when it happened
 * @param data   JSON-friendly payload (strings, numbers, booleans, lists and maps of them)
 */
public record NodeEvent(String topic, String source, Instant time, Map<String, Object> data) {
    /**
     * Topics of the node's own alerts: {@code aegis/alert/health} (a component's health changed), {@code
     * aegis/alert/view-change} (the consensus changed view), {@code aegis/alert/peer-lost} (a peer disconnected).
     * Their data has {@code severity} ({@code critical}, {@code warning} or {@code resolved}) and {@code message}
     * (a sentence for an operator), besides what each topic adds.
     */
    public static final String ALERT_TOPIC_PREFIX = "aegis/alert/";
}
