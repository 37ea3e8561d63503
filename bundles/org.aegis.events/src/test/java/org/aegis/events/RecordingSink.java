package org.aegis.events;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.events.EventSink;
import org.aegis.api.events.OutboundEvent;

/** A receiver that takes batches while it is up, and remembers every event it was handed, duplicates included. */
final class RecordingSink implements EventSink {
    private final List<OutboundEvent> received = new ArrayList<>();
    private boolean up = true;
    private int refused;

    synchronized void down() {
        up = false;
    }

    synchronized void up() {
        up = true;
    }

    synchronized int refused() {
        return refused;
    }

    synchronized List<OutboundEvent> received() {
        return List.copyOf(received);
    }

    /** Ids in the order received, each once: what a receiver that de-duplicates by id keeps. */
    synchronized List<String> distinctIds() {
        return received.stream().map(OutboundEvent::id).distinct().toList();
    }

    @Override
    public synchronized void deliver(List<OutboundEvent> events) throws java.io.IOException {
        if (!up) {
            refused++;
            throw new java.io.IOException("receiver down");
        }
        received.addAll(events);
    }
}
