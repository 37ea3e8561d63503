package org.aegis.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aegis.api.events.OutboundEvent;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final InMemoryStore store = new InMemoryStore();

    private static Outbox.Pending alert(int i) {
        return new Outbox.Pending("aegis/alert/health", Instant.parse("2026-12-07T10:00:00Z"),
                Map.of("severity", "warning", "message", "alert " + i));
    }

    private static void append(Outbox outbox, int from, int to) {
        for (int i = from; i <= to; i++) {
            outbox.append(List.of(alert(i)), List.of());
        }
    }

    @Test
    void eventsAreNumberedFromOneAndKeepTheirNumbersAcrossAReopen() {
        Outbox outbox = new Outbox(store, "12D3KooWnode");
        append(outbox, 1, 3);
        Outbox reopened = new Outbox(store, "12D3KooWnode");
        append(reopened, 4, 4);

        List<OutboundEvent> events = reopened.after(0, 10);
        assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(OutboundEvent::sequence).toList());
        OutboundEvent first = events.get(0);
        assertEquals("12D3KooWnode/1", first.id());
        assertEquals("aegis/alert/health", first.type());
        assertTrue(first.json().contains("\"message\":\"alert 1\""), first.json());
        assertTrue(first.json().contains("\"node\":\"12D3KooWnode\""), first.json());
        assertEquals(List.of(3L, 4L), reopened.after(2, 10).stream().map(OutboundEvent::sequence).toList());
    }

    @Test
    void eventsAndMarksAreWrittenInOneStoreWrite() {
        Outbox outbox = new Outbox(store, "n");
        int before = store.commits();
        outbox.append(List.of(alert(1), alert(2)), List.of(new Outbox.Mark("decisions", 7)));
        assertEquals(before + 1, store.commits());
        assertEquals(7L, new Outbox(store, "n").mark("decisions").orElseThrow());
    }

    @Test
    void pruningKeepsWhatAKnownSinkHasNotAcknowledged() {
        Outbox outbox = new Outbox(store, "n");
        append(outbox, 1, 10);
        outbox.acknowledge("fast", 10);
        outbox.acknowledge("slow", 4);

        assertEquals(0, outbox.prune(1_000));
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L),
                outbox.after(0, 100).stream().map(OutboundEvent::sequence).toList());
    }

    @Test
    void beyondItsLimitTheOutboxDeletesTheOldestAndCountsWhatASinkLost() {
        Outbox outbox = new Outbox(store, "n");
        append(outbox, 1, 10);
        outbox.acknowledge("away", 2);

        assertEquals(5, outbox.prune(3), "events 3 to 7 were deleted before 'away' had them");
        assertEquals(List.of(8L, 9L, 10L), outbox.after(0, 100).stream().map(OutboundEvent::sequence).toList());
    }

    @Test
    void withoutSinksNothingIsKept() {
        Outbox outbox = new Outbox(store, "n");
        append(outbox, 1, 5);
        assertEquals(0, outbox.prune(1_000));
        assertEquals(0, outbox.size());
        append(outbox, 6, 6);
        assertEquals(6L, outbox.after(0, 10).get(0).sequence(), "numbering continues");
    }
}
