package org.aegis.events.redis;

import java.util.List;
import org.aegis.api.events.OutboundEvent;

/**
 * How an event becomes a stream entry: the fields {@code id}, {@code type}, {@code time} (ISO-8601, UTC) and
 * {@code data} (the whole event as JSON), appended with an id Redis chooses and the stream trimmed to about its
 * maximum length ({@code MAXLEN ~}, which trims whole macro nodes only and so costs little).
 */
final class StreamEntries {
    private StreamEntries() {
    }

    static List<String> xadd(String stream, long maxLength, OutboundEvent event) {
        return List.of("XADD", stream, "MAXLEN", "~", Long.toString(maxLength), "*",
                "id", event.id(),
                "type", event.type(),
                "time", event.time().toString(),
                "data", event.json());
    }
}
