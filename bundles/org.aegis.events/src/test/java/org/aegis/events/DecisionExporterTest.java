package org.aegis.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aegis.api.events.OutboundEvent;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.Test;

class DecisionExporterTest {
    private final InMemoryStore store = new InMemoryStore();
    private final ListDecisionLog log = new ListDecisionLog();

    @Test
    void aNodeWithHistoryExportsFromWhenEventsFirstRan() {
        log.decide("old-1", "{}");
        log.decide("old-2", "{}");
        Outbox outbox = new Outbox(store, "n");
        DecisionExporter exporter = new DecisionExporter(outbox, log);
        assertEquals(0, exporter.exportNew());

        log.decide("new-3", "{\"text\":\"hello\"}");
        assertEquals(1, exporter.exportNew());
        List<OutboundEvent> events = outbox.after(0, 10);
        assertEquals(1, events.size());
        assertEquals(DecisionExporter.TYPE, events.get(0).type());
        assertTrue(events.get(0).json().contains("\"proposal_id\":\"new-3\""), events.get(0).json());
        assertTrue(events.get(0).json().contains("\"payload\":{\"text\":\"hello\"}"), events.get(0).json());
    }

    @Test
    void eachDecisionIsExportedOnceAcrossRestarts() {
        Outbox outbox = new Outbox(store, "n");
        DecisionExporter exporter = new DecisionExporter(outbox, log);
        for (int i = 1; i <= 300; i++) {
            log.decide("d" + i, "not json " + i);
        }
        assertEquals(300, exporter.exportNew(), "more than one page");
        assertEquals(0, exporter.exportNew());

        log.decide("d301", "{}");
        Outbox reopened = new Outbox(store, "n");
        assertEquals(1, new DecisionExporter(reopened, log).exportNew());
        List<OutboundEvent> events = reopened.after(0, 1_000);
        assertEquals(301, events.size());
        assertTrue(events.get(0).json().contains("\"payload_base64\""), "a payload that is not JSON: base64");
        assertTrue(events.get(300).json().contains("\"proposal_id\":\"d301\""));
    }
}
