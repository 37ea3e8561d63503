package org.aegis.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aegis.api.events.OutboundEvent;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.StoreMap;

/**
 * The durable outbox: every exported event under its sequence number, and each sink's position (the last sequence
 * it acknowledged), in the node's store. Appends and position updates are atomic store writes, so after a crash
 * the outbox holds exactly the events it had acknowledged appending, and a sink resumes after its last
 * acknowledged batch. Thread-safe: appends are serialised here; reads and position updates come from the sinks'
 * threads.
 */
final class Outbox {
    static final String EVENTS = "events.outbox";
    static final String STATE = "events.state";
    private static final String LAST_SEQUENCE = "last-sequence";
    private static final String POSITION = "position/";
    private static final String MARK = "mark/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final String node;
    private long lastSequence;

    /** @param node this node's peer id: events are named {@code <node>/<sequence>} */
    Outbox(Store store, String node) {
        this.store = store;
        this.node = node;
        this.lastSequence = state().get(LAST_SEQUENCE).map(Outbox::number).orElse(0L);
    }

    /** An event to record: its type, when it happened, and its own fields (JSON-friendly values). */
    record Pending(String type, Instant time, Map<String, Object> data) {
    }

    /**
     * A named position of a source of events, written with the events it produced, e.g. the last decision
     * exported: after a crash the source resumes exactly after what the outbox holds.
     */
    record Mark(String name, long value) {
    }

    /** Records {@code events} and {@code marks} in one atomic write; returns the last sequence number. */
    synchronized long append(List<Pending> events, List<Mark> marks) {
        long next = lastSequence;
        List<byte[]> encoded = new ArrayList<>(events.size());
        for (Pending event : events) {
            next++;
            encoded.add(envelope(next, event));
        }
        long first = lastSequence + 1;
        long last = next;
        store.write(batch -> {
            for (int i = 0; i < encoded.size(); i++) {
                batch.put(EVENTS, key(first + i), encoded.get(i));
            }
            batch.put(STATE, LAST_SEQUENCE, text(last));
            marks.forEach(mark -> batch.put(STATE, MARK + mark.name(), text(mark.value())));
        });
        lastSequence = last;
        return last;
    }

    synchronized long lastSequence() {
        return lastSequence;
    }

    /** Up to {@code limit} events after {@code sequence}, in order. */
    List<OutboundEvent> after(long sequence, int limit) {
        List<OutboundEvent> events = new ArrayList<>();
        for (StoreEntry entry : store.map(EVENTS).range(key(sequence + 1), null, limit)) {
            events.add(decode(entry.value()));
        }
        return events;
    }

    /** A source's mark, if it wrote one. */
    Optional<Long> mark(String name) {
        return state().get(MARK + name).map(Outbox::number);
    }

    /** The sink's acknowledged position, if the outbox has seen the sink before. */
    Optional<Long> position(String sink) {
        return state().get(POSITION + sink).map(Outbox::number);
    }

    void acknowledge(String sink, long sequence) {
        store.write(batch -> batch.put(STATE, POSITION + sink, text(sequence)));
    }

    /**
     * Deletes what no known sink still needs: events at or below every recorded position, and beyond
     * {@code maxEvents} the oldest (a sink away that long loses them). Returns how many of the deleted events some
     * sink had not acknowledged.
     */
    synchronized long prune(long maxEvents) {
        long needed = state().range(POSITION, POSITION + Character.MAX_VALUE, Integer.MAX_VALUE).stream()
                .mapToLong(entry -> number(entry.value())).reduce(lastSequence, Math::min);
        long oldestKept = Math.max(needed + 1, lastSequence - maxEvents + 1);
        StoreMap events = store.map(EVENTS);
        List<StoreEntry> deleted = events.range(null, key(oldestKept), 10_000);
        if (deleted.isEmpty()) {
            return 0;
        }
        store.write(batch -> deleted.forEach(entry -> batch.remove(EVENTS, entry.key())));
        return deleted.stream().filter(entry -> number(entry.key()) > needed).count();
    }

    long size() {
        return store.map(EVENTS).size();
    }

    private StoreMap state() {
        return store.map(STATE);
    }

    private byte[] envelope(long sequence, Pending event) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", node + "/" + sequence);
        envelope.put("sequence", sequence);
        envelope.put("type", event.type());
        envelope.put("time", event.time().toString());
        envelope.put("node", node);
        envelope.put("data", event.data());
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalArgumentException("event " + event.type() + " is not JSON-friendly: " + e.getMessage(), e);
        }
    }

    private static OutboundEvent decode(byte[] stored) {
        try {
            JsonNode envelope = JSON.readTree(stored);
            return new OutboundEvent(envelope.get("id").asText(), envelope.get("sequence").asLong(),
                    envelope.get("type").asText(), Instant.parse(envelope.get("time").asText()),
                    new String(stored, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable event in the store's " + EVENTS + ": " + e.getMessage(), e);
        }
    }

    /** Zero-padded, so the store's string order is the numeric order. */
    static String key(long sequence) {
        return String.format("%020d", sequence);
    }

    private static byte[] text(long number) {
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }

    private static long number(byte[] text) {
        return Long.parseLong(new String(text, StandardCharsets.US_ASCII));
    }

    private static long number(String key) {
        return Long.parseLong(key);
    }
}
