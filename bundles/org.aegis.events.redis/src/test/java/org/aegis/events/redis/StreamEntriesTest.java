package org.aegis.events.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.aegis.api.events.OutboundEvent;
import org.junit.jupiter.api.Test;

class StreamEntriesTest {
    @Test
    void anEventIsOneTrimmingXaddWithItsFourFields() {
        OutboundEvent event = new OutboundEvent("12D3KooWpeer/7", 7, "aegis/consensus/decided",
                Instant.parse("2026-11-24T10:15:30.123Z"), "{\"id\":\"12D3KooWpeer/7\"}");
        assertEquals(List.of("XADD", "aegis:events", "MAXLEN", "~", "500", "*",
                "id", "12D3KooWpeer/7",
                "type", "aegis/consensus/decided",
                "time", "2026-11-24T10:15:30.123Z",
                "data", "{\"id\":\"12D3KooWpeer/7\"}"), StreamEntries.xadd("aegis:events", 500, event));
    }
}
