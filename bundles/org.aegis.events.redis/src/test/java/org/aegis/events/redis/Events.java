package org.aegis.events.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aegis.api.events.OutboundEvent;

/** Outbound events for the tests: {@code peer/<sequence>}, one second apart. */
final class Events {
    private Events() {
    }

    static OutboundEvent event(long sequence) {
        String id = "12D3KooWtest/" + sequence;
        Instant time = Instant.parse("2026-11-24T10:00:00Z").plusSeconds(sequence);
        return new OutboundEvent(id, sequence, "aegis/test/event", time, "{\"id\":\"" + id + "\",\"sequence\":"
                + sequence + ",\"type\":\"aegis/test/event\",\"time\":\"" + time + "\",\"node\":\"12D3KooWtest\","
                + "\"data\":{\"n\":" + sequence + ",\"text\":\"é ✓\"}}");
    }

    /** Events {@code from} to {@code to}, both included. */
    static List<OutboundEvent> events(long from, long to) {
        List<OutboundEvent> events = new ArrayList<>();
        for (long sequence = from; sequence <= to; sequence++) {
            events.add(event(sequence));
        }
        return events;
    }
}
