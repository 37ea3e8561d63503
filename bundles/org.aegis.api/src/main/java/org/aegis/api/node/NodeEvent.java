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
}
